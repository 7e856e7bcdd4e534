"""Scrapy settings: polite by default. Override per run with ``-s KEY=VALUE``."""

BOT_NAME = "winnow"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

WINNOW_CONTACT = "https://example.invalid/winnow-bot"  # operators: set to a page or mail that reaches you
USER_AGENT = f"WinnowBot/0.1 (+{WINNOW_CONTACT})"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry; doubles each time (or Retry-After)
RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# One response spawns at most this many concurrent item tasks; the default (100) costs CPU.
CONCURRENT_ITEMS = 10
DEPTH_PRIORITY = 1  # breadth-first keeps memory flat on big list hierarchies
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.HostGuardMiddleware": 50,
    # Scrapy 2.19 lets requests that wait for robots.txt through unchecked (see the class).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.RobotsTxtMiddleware": 100,
    # After robots.txt: every host's first request waits for its not-found probe (soft 404s).
    "crawler.middlewares.NotFoundProbeMiddleware": 110,
    # After robots.txt (100), before retries/redirects/compression, so stored bodies skip them.
    "crawler.middlewares.StoredPagesMiddleware": 120,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.LoopSafeRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # Above HttpCompressionMiddleware (590): archive bodies exactly as the server sent them.
    "crawler.middlewares.WarcMiddleware": 595,
    # Below HttpCompressionMiddleware (590): sees bodies after it, unpacks gzip sent unlabelled.
    "crawler.middlewares.GzipBodyMiddleware": 580,
}
ITEM_PIPELINES = {
    "crawler.pipelines.StorePipeline": 300,
}

# Where items go: an SQLAlchemy URL (default: env WINNOW_DB, else sqlite:///winnow.db).
WINNOW_DB = None
WINNOW_RUN_ID = None  # set by `winnow crawl`; `scrapy crawl` opens its own run
WINNOW_BATCH_SIZE = 100
WINNOW_FLUSH_SECONDS = 2.0  # a killed crawl loses at most this much processed work
WINNOW_DB_RETRY_SECONDS = 600.0  # a batch waits this long for an unreachable database, then the crawl fails
WINNOW_WARC = None  # path of a WARC file to append every response to (winnow crawl --warc)
WINNOW_CLUSTER_AT_CLOSE = True  # distributed workers leave clustering to the coordinator
WINNOW_RECRAWL_SECONDS = 0  # a stored page younger than this is not requested again (0: every run)
WINNOW_NOT_FOUND_PROBE = True  # fetch one random unknown URL per host and run (soft-404 detection)
WINNOW_PROCESS_WORKERS = 1  # processes that run the pipeline off the reactor; 0 = inline

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
