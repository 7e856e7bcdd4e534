"""Towns, services and spun templates of the blindfarm10 doorway farm (Rapid Home Pros).

Spintax: {a|b|c} picks one alternative per page (nesting allowed). Placeholders in square brackets
are filled after spinning: [town], [st], [state], [service], [svc] (lower case), [pop], [phone],
[price], [price2], [brand], [year], [resp] (response minutes), [jobs].
"""

BRAND = "Rapid Home Pros"
DOMAIN = "rapidhomepros.com"

STATES = {
    "AL": "Alabama", "AZ": "Arizona", "CA": "California", "CO": "Colorado", "GA": "Georgia",
    "IA": "Iowa", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "MA": "Massachusetts", "ME": "Maine", "MI": "Michigan",
    "MN": "Minnesota", "MO": "Missouri", "MS": "Mississippi", "MT": "Montana", "NC": "North Carolina",
    "ND": "North Dakota", "NE": "Nebraska", "NH": "New Hampshire", "NM": "New Mexico", "NV": "Nevada",
    "NY": "New York", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VA": "Virginia", "VT": "Vermont", "WA": "Washington", "WI": "Wisconsin",
}  # fmt: skip

# town, state, area code, approximate population
TOWNS = [
    ("Springfield", "IL", "217", 114394), ("Springfield", "MA", "413", 155929), ("Springfield", "MO", "417", 169176),
    ("Springfield", "OR", "541", 62256), ("Portland", "OR", "503", 652503), ("Portland", "ME", "207", 68408),
    ("Columbus", "OH", "614", 905748), ("Columbus", "GA", "706", 206922), ("Aurora", "CO", "303", 386261),
    ("Aurora", "IL", "630", 180542), ("Kansas City", "MO", "816", 508090), ("Kansas City", "KS", "913", 156607),
    ("Jackson", "MS", "601", 153701), ("Jackson", "TN", "731", 68205), ("Salem", "OR", "503", 175535),
    ("Salem", "MA", "978", 44480), ("Greenville", "SC", "864", 70720), ("Greenville", "NC", "252", 87521),
    ("Rochester", "NY", "585", 211328), ("Rochester", "MN", "507", 121395), ("Lafayette", "LA", "337", 121374),
    ("Lafayette", "IN", "765", 70783), ("Arlington", "TX", "817", 394266), ("Arlington", "VA", "703", 238643),
    ("Richmond", "VA", "804", 226610), ("Richmond", "CA", "510", 116448), ("Franklin", "TN", "615", 83454),
    ("Madison", "WI", "608", 269840), ("Boise", "ID", "208", 235684), ("Fresno", "CA", "559", 542107),
    ("Tulsa", "OK", "918", 413066), ("Omaha", "NE", "402", 486051), ("Wichita", "KS", "316", 397532),
    ("Des Moines", "IA", "515", 214133), ("Lincoln", "NE", "402", 291082), ("Albuquerque", "NM", "505", 564559),
    ("Tucson", "AZ", "520", 542629), ("Mesa", "AZ", "480", 504258), ("Chandler", "AZ", "480", 275987),
    ("Reno", "NV", "775", 264165), ("Henderson", "NV", "702", 317610), ("Spokane", "WA", "509", 228989),
    ("Tacoma", "WA", "253", 219346), ("Eugene", "OR", "541", 176654), ("Bakersfield", "CA", "661", 403455),
    ("Riverside", "CA", "951", 314998), ("Stockton", "CA", "209", 320804), ("Modesto", "CA", "209", 218464),
    ("Plano", "TX", "972", 285494), ("Lubbock", "TX", "806", 257141), ("Amarillo", "TX", "806", 200393),
    ("Waco", "TX", "254", 138486), ("Round Rock", "TX", "512", 119468), ("Shreveport", "LA", "318", 187593),
    ("Baton Rouge", "LA", "225", 227470), ("Mobile", "AL", "251", 187041), ("Huntsville", "AL", "256", 215006),
    ("Chattanooga", "TN", "423", 181099), ("Knoxville", "TN", "865", 190740), ("Lexington", "KY", "859", 320347),
    ("Louisville", "KY", "502", 633045), ("Dayton", "OH", "937", 137644), ("Akron", "OH", "330", 190469),
    ("Toledo", "OH", "419", 270871), ("Fort Wayne", "IN", "260", 263886), ("Grand Rapids", "MI", "616", 198917),
    ("Lansing", "MI", "517", 112644), ("Ann Arbor", "MI", "734", 123851), ("Peoria", "IL", "309", 113150),
    ("Rockford", "IL", "815", 148655), ("Naperville", "IL", "630", 149540), ("Cedar Rapids", "IA", "319", 137710),
    ("Sioux Falls", "SD", "605", 192517), ("Fargo", "ND", "701", 125990), ("Billings", "MT", "406", 117116),
    ("Boulder", "CO", "303", 108250), ("Fort Collins", "CO", "970", 169810), ("Provo", "UT", "801", 115162),
    ("Ogden", "UT", "801", 87321), ("Savannah", "GA", "912", 147780), ("Charleston", "SC", "843", 150227),
    ("Raleigh", "NC", "919", 467665), ("Durham", "NC", "919", 283506), ("Worcester", "MA", "508", 206518),
    ("Manchester", "NH", "603", 115644), ("Burlington", "VT", "802", 44743), ("Albany", "NY", "518", 99224),
    ("Allentown", "PA", "610", 125845), ("Erie", "PA", "814", 94831),
]  # fmt: skip

# service id, name, url slug, base price
SERVICES = [
    ("roof", "Roof Repair", "roof-repair", 385),
    ("heater", "Water Heater Repair", "water-heater-repair", 245),
    ("junk", "Junk Removal", "junk-removal", 175),
    ("pest", "Pest Control", "pest-control", 129),
    ("garage", "Garage Door Repair", "garage-door-repair", 159),
]

# Page template items: ("p", spintax) | ("h", spintax) | ("ul", [spintax...]) | ("faq", [(q, a)...]) | ("facts",)
TEMPLATES = {
    "roof": {
        "heading": "{Professional|Trusted|Affordable|Local} Roof Repair in [town], [st]",
        "title": "{Roof Repair|Roofing Repair|Roof Leak Repair} in [town], [st] {- Call [phone]|| Free Estimates|(24/7 Service)}",
        "body": [
            (
                "p",
                "{Is your roof leaking|Did a storm damage your roof|Are shingles missing from your roof}? {Our|The} [brand] {roofers|roofing crews|roof repair team} {serve|work with} {homeowners|families|property owners} {across|throughout|all over} [town], [state]. {We fix|We repair|We handle} {leaks, missing shingles and flashing|storm damage, worn flashing and leaks|everything from small leaks to full sections} {fast|quickly|the same week}.",
            ),
            (
                "p",
                "With {about|roughly|nearly} [pop] {residents|people} {in [town]|living in [town]}, {we know|we understand} {the local weather|how [state] weather} {takes a toll on|wears down|is hard on} {local roofs|every roof in the area}. {A typical repair|Most repairs|The average repair} in [town] {costs|runs} {around|about} [price].",
            ),
            ("h", "{Why Choose Us|Why [town] Homeowners Choose Us|Why Hire [brand]}"),
            (
                "ul",
                [
                    "{Licensed and insured|Fully insured} {roofers|crews} in [st]",
                    "{Free|No-cost} {inspections|estimates} {in [town]|for [town] homes}",
                    "{Same-day|Fast} {response|service}, usually within [resp] minutes",
                    "{Written|10-year} {warranty|guarantee} on {all|every} repair",
                ],
            ),
            (
                "p",
                "{We have completed|Our team has finished|We've done} {over|more than} [jobs] roof {repairs|jobs} in [town] {since [year]|and nearby towns}. {Whether you live downtown or on the edge of town|No matter where you live in [town]}, {we can be there|a roofer can reach you} {today|within hours}.",
            ),
            ("h", "{Roof Repair Cost in [town]|How Much Does Roof Repair Cost in [town], [st]?}"),
            ("facts",),
            (
                "faq",
                [
                    (
                        "{Do you offer emergency roof repair in [town]|Can you tarp my roof tonight}?",
                        "{Yes|Absolutely}, {our [town] crew|we} {offers|provide} {24/7 emergency tarping|emergency service day and night}.",
                    ),
                    (
                        "{How long does a roof repair take|How fast can you fix my roof}?",
                        "{Most|Many} repairs in [town] {take|are done in} {a few hours|less than a day}.",
                    ),
                ],
            ),
            (
                "p",
                "{Call|Phone|Ring} [phone] {today|now} {for a free estimate|to book your inspection} {in [town], [st]|from a local [town] roofer}.",
            ),
        ],
    },
    "heater": {
        "heading": "{Fast|Same-Day|Reliable|Expert} Water Heater Repair in [town], [st]",
        "title": "{Water Heater Repair|Hot Water Heater Repair|Water Heater Service} [town], [st] {| - Same Day| | Licensed Plumbers}",
        "body": [
            (
                "p",
                "{No hot water|Cold showers|A leaking tank} in [town]? {Our|The} [brand] {plumbers|technicians|water heater techs} {repair|fix|service} {tank and tankless|gas and electric|all brands of} water heaters {throughout|across|all over} [town], [state].",
            ),
            (
                "p",
                "{We serve|Serving|Proudly serving} {the|all} [pop] {residents|people} of [town], {our|the} {techs|team} {arrives|shows up} {in about|within} [resp] minutes {on average|most days}. {A standard repair|Most repairs|The typical fix} {costs|is} {about|around|roughly} [price], {while|and} a {new unit|replacement} {starts at|begins at} [price2].",
            ),
            ("h", "{Water Heater Problems We Fix|Common Water Heater Issues in [town]|What We Repair}"),
            (
                "ul",
                [
                    "{Pilot light|Igniter} {won't stay lit|problems}",
                    "{Leaking|Dripping} {tank|valve|pipes}",
                    "{Rusty|Discolored} {water|hot water}",
                    "{Strange noises|Popping or rumbling} from the tank",
                    "{Tankless|On-demand} {error codes|flow problems}",
                ],
            ),
            ("h", "{Water Heater Repair Prices in [town]|Cost of Water Heater Repair in [town], [st]}"),
            ("facts",),
            (
                "faq",
                [
                    (
                        "{Should I repair or replace my water heater|Is it worth fixing an old water heater}?",
                        "{If|When} your tank is {over 10 years old|older than ten years}, {replacement|a new unit} {is usually cheaper|often makes more sense} {in the long run|over time}.",
                    ),
                    (
                        "{Do you work on tankless heaters in [town]|Can you fix tankless water heaters}?",
                        "{Yes|Yes, we do}. {Our [town] techs|Our plumbers} {are trained on|service} {all major brands|every major brand}.",
                    ),
                ],
            ),
            (
                "p",
                "{Call|Phone} [phone] {to schedule|and book} {your|a} water heater {repair|service call} in [town] {today|now}.",
            ),
        ],
    },
    "junk": {
        "heading": "{Junk Removal|Junk Hauling|Same-Day Junk Removal} in [town], [st]",
        "title": "{Junk Removal|Junk Hauling|Trash Removal} in [town], [st] {| - Book Online| - Same Day Pickup|(Free Quote)}",
        "body": [
            (
                "p",
                "{Need to get rid of|Want to clear out|Looking to dump} {old furniture|an old couch|a garage full of stuff|construction debris}? [brand] {offers|provides} {fast|quick|affordable} junk removal {in|across|throughout} [town], [state]. {We do all the lifting|Our crew does the heavy lifting|You point, we haul}.",
            ),
            (
                "p",
                "{Our trucks|Our haulers|Our crews} {cover|serve} {every neighborhood|all of} [town] (population [pop]). {Pricing|Our pricing} is {based on|by} {volume|how much space your junk takes in the truck}, and {a typical load|the average pickup|most jobs} in [town] {costs|runs} {about|around} [price].",
            ),
            ("h", "{What We Haul|Items We Remove|What We Take in [town]}"),
            (
                "ul",
                [
                    "{Furniture|Couches and mattresses}",
                    "{Appliances|Old refrigerators and washers}",
                    "{Yard waste|Brush and branches}",
                    "{Construction debris|Renovation waste}",
                    "{Hot tubs|Sheds and playsets}",
                ],
            ),
            (
                "p",
                "{We donate and recycle|We recycle or donate|We try to keep out of the landfill} {as much as possible|up to 60% of what we collect} {from [town] homes|in [town]}. {Since [year]|Over the years}, {we've hauled|our team has removed} {more than|over} [jobs] loads {in the [town] area|around [town]}.",
            ),
            ("facts",),
            (
                "faq",
                [
                    (
                        "{Do I need to be home for pickup|Do I have to be there}?",
                        "{No|Not always}. {Many [town] customers|Lots of our customers} {leave items outside|leave the junk curbside} {and pay online|for a no-contact pickup}.",
                    ),
                    (
                        "{How soon can you come|Do you offer same-day pickup in [town]}?",
                        "{We usually arrive|Trucks usually arrive} {within|in} [resp] minutes {of your call|after booking} {in most of [town]|in [town]}.",
                    ),
                ],
            ),
            (
                "p",
                "{Call|Text or call} [phone] {for a free quote|to book a pickup} {in [town]|anywhere in [town], [st]}.",
            ),
        ],
    },
    "pest": {
        "heading": "{Pest Control|Exterminator Services|Local Pest Control} in [town], [st]",
        "title": "{Pest Control|Exterminator|Bug Control} {in|near} [town], [st] {| - [brand]| - Free Inspection}",
        "body": [
            (
                "p",
                "{Ants in the kitchen|Mice in the attic|Roaches under the sink|Termites in the walls}? [brand] {provides|offers} {safe|family-safe|effective} pest control {for homes and businesses|to homeowners} {in|across} [town], [state].",
            ),
            (
                "p",
                "[town] {is home to|has} {about|roughly} [pop] {people|residents}, and {the local climate|[state]'s climate} {brings|attracts} {its share of|plenty of} {pests|bugs and rodents}. {A one-time treatment|A general treatment|Our standard visit} in [town] {costs|starts at} {about|around} [price].",
            ),
            ("h", "{Pests We Treat|Common Pests in [town]|What We Get Rid Of}"),
            (
                "ul",
                [
                    "{Ants|Carpenter ants}",
                    "{Cockroaches|Roaches}",
                    "{Mice and rats|Rodents}",
                    "{Termites|Wood-destroying insects}",
                    "{Bed bugs|Fleas and ticks}",
                    "{Spiders|Wasps and hornets}",
                ],
            ),
            (
                "p",
                "{Our technicians|Our exterminators|Our techs} are {licensed|state-licensed} in [st] and {have treated|have serviced} {over|more than} [jobs] homes {in [town]|around [town]} {since [year]|so far}.",
            ),
            ("facts",),
            (
                "faq",
                [
                    (
                        "{Are your treatments safe for pets|Is pest control safe for kids and pets}?",
                        "{Yes|Yes, they are}. {We use|Our [town] techs use} {low-toxicity|pet-safe} products {when possible|wherever we can}.",
                    ),
                    (
                        "{How often should I get pest control in [town]|Do I need quarterly service}?",
                        "{Most|Many} [town] homes {do best with|need} {quarterly|seasonal} {visits|treatments}.",
                    ),
                ],
            ),
            ("p", "{Call|Phone} [phone] {for a free inspection|to schedule service} in [town], [st]."),
        ],
    },
    "garage": {
        "heading": "{Garage Door Repair|Garage Door Service|24/7 Garage Door Repair} in [town], [st]",
        "title": "{Garage Door Repair|Garage Door Spring Repair|Garage Door Service} [town], [st] {| - Same Day| (24/7)| - Call Now}",
        "body": [
            (
                "p",
                "{Garage door stuck|Broken spring|Door off track|Opener not working}? {Our|The} [brand] {technicians|techs|garage door pros} {repair|fix} {springs, cables, openers and panels|all makes and models} {in|across|throughout} [town], [state].",
            ),
            (
                "p",
                "{We serve|Serving} {all|every one} of [town]'s [pop] {residents|people}, {usually|typically} {arriving|on site} {within|in} [resp] minutes. {A spring replacement|Most repairs|A typical repair} in [town] {costs|runs} {about|around} [price].",
            ),
            ("h", "{Garage Door Services|Our Garage Door Services in [town]|What We Fix}"),
            (
                "ul",
                [
                    "{Broken spring|Torsion spring} replacement",
                    "{Opener|Motor} repair and install",
                    "{Off-track|Stuck} doors",
                    "{Cable|Roller} replacement",
                    "{New garage doors|Door installation}",
                ],
            ),
            (
                "p",
                "{We've fixed|We have repaired} {over|more than} [jobs] garage doors {in [town]|around [town], [st]} {since [year]|so far}, {and|so} {we carry|our vans carry} {most|the most common} parts {on the truck|with us}.",
            ),
            ("facts",),
            (
                "faq",
                [
                    (
                        "{Can I fix a garage door spring myself|Is it safe to replace a spring myself}?",
                        "{We don't recommend it|It's not safe}. Springs {are under high tension|hold a lot of tension} and {can cause injury|can hurt you}.",
                    ),
                    (
                        "{Do you offer emergency garage door repair in [town]|Are you open on weekends}?",
                        "{Yes|Yes, we are}. {Our [town] techs|We} {work|are available} {24/7|seven days a week}.",
                    ),
                ],
            ),
            ("p", "{Call|Phone} [phone] {now|today} {for fast garage door repair|for a same-day visit} in [town]."),
        ],
    },
}

# a short secondary block ("also need ...?") that a page adds for another service in the same town
MINI = {
    "roof": [
        "{Need|Looking for} Roof Repair in [town] Too?",
        "{We also fix|Our sister crew also repairs} roofs in [town], [st]. {Repairs start|Prices start} {around|at about} [price].",
    ],
    "heater": [
        "{Also Need|Need} Water Heater Repair in [town]?",
        "{We also service|Our plumbers also fix} water heaters in [town], [st], {usually|often} the same day. {Repairs start|Repairs cost} {around|about} [price].",
    ],
    "junk": [
        "{Junk Removal|Junk Hauling} in [town] Too",
        "{Clearing out|Cleaning out} {the garage|the basement} in [town]? {We also haul junk|Our crews also remove junk} {for about|from} [price] a load.",
    ],
    "pest": [
        "{Also Need|Need} Pest Control in [town]?",
        "{We also offer|Our team also provides} pest control in [town], [st]. {Treatments start|A visit costs} {around|at about} [price].",
    ],
    "garage": [
        "Garage Door Repair in [town]",
        "{Our techs also repair|We also fix} garage doors in [town], [st]. {Spring jobs|Repairs} {start around|cost about} [price].",
    ],
}

LANDING = {
    "roof": "{We provide|[brand] offers} roof repair in [n] {cities|towns} {across the country|nationwide}, {from [t1] to [t2] and [t3]|including [t1], [t2] and [t3]}. {Pick your town below|Find your city below} {to see local prices|for local pricing} and {call your local crew|get a free estimate}.",
    "heater": "{Our plumbers|[brand] technicians} repair water heaters in [n] {cities|towns}, {including|such as} [t1], [t2] and [t3]. {Choose your city|Select your town} below {for local prices and phone numbers|to reach a local tech}.",
    "junk": "[brand] {hauls junk|provides junk removal} in [n] {cities|towns}, {from [t1] to [t2] and [t3]|including [t1], [t2] and [t3]}. {Find your city below|Pick your town} {to book a pickup|for same-day service}.",
    "pest": "{We offer|[brand] provides} pest control in [n] {cities|towns}, {such as|including} [t1], [t2] and [t3]. {Select your city below|Find your town below} {for a free inspection|to schedule service}.",
    "garage": "{Our techs|[brand] technicians} fix garage doors in [n] {cities|towns}, {including|like} [t1], [t2] and [t3]. {Choose your town|Find your city} below {for local pricing|to call a local tech}.",
}
LANDING_HEAD = "{[service] Near You|[service] Service Areas|Find [service] in Your City}"

# ---------------------------------------------------------------- boilerplate (several wordings each)

CTA = [
    "Call Now: [phone] - Available 24/7",
    "Speak to a local pro: [phone]",
    "Tap to call [phone] for a free quote",
    "Questions? Call [phone] today",
    "24/7 Emergency Line: [phone]",
]
QUOTE_FORM = [
    ["Get Your Free Quote", "Name", "Phone", "ZIP Code", "Get My Quote"],
    ["Request a Free Estimate", "Your Name", "Phone Number", "Describe the job", "Send Request"],
    ["Book Online in 60 Seconds", "Full Name", "Phone", "Book Now"],
]
COUPONS = [
    "$25 OFF your first service - mention code WEB25",
    "Save 10% when you book online this week",
    "Seniors and veterans save 15% - ask your technician",
    "Free estimate with every service call",
]
REVIEWS = [
    ("Showed up on time and fixed it the same day. Highly recommend!", "Mike R."),
    ("Friendly crew and a fair price. Will call again.", "Sandra T."),
    ("They explained everything before starting the work.", "James W."),
    ("Fast, clean and professional from start to finish.", "Linda K."),
    ("Best service I've had in years.", "Carlos M."),
    ("Answered the phone at 10pm and came out the next morning.", "Debbie L."),
]
REVIEW_HEAD = ["What Our Customers Say", "Customer Reviews", "Recent Reviews", "Testimonials"]
AREAS_HEAD = ["Areas We Serve", "Areas we serve", "Service Areas", "Also Serving Nearby Cities"]
OTHER_SERVICES_HEAD = ["Other Services in [town]", "More Home Services in [town]", "Related Services"]
DISCLAIMERS = [
    "[brand] is a free referral service that connects homeowners with independent local contractors.",
    "Disclaimer: All contractors are independently owned and operated. [brand] does not perform the work.",
    "Prices shown are estimates only and may vary by job and location.",
    "This site is a lead generation service. Calls may be recorded for quality purposes.",
]
SHARE = [
    "Share this page: Facebook Twitter Pinterest",
    "Share: Facebook | X | Email",
    "Like this page? Share it with a neighbor",
]
AUTHOR = [
    "About the Author: Written by the [brand] editorial team.",
    "Reviewed by a licensed contractor on the [brand] team.",
    "Content by [brand] Staff",
]
OPENERS = [
    "Welcome to [brand] - your local home service experts.",
    "Looking for help fast? You've come to the right place.",
    "Serving homeowners nationwide since 2011.",
]

# identical on every page, at the end of the body container
FOOTER = [
    "© 2024 Rapid Home Pros. All rights reserved.",
    "Privacy Policy | Terms of Service | Do Not Sell My Info | Sitemap",
]
TRUST = "Licensed • Bonded • Insured | BBB A+ Rated | 4.9/5 from 2,318 Reviews | 100% Satisfaction Guarantee"
