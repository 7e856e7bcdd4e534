"""blindfarm4: a blind held-out 办事指南 content farm (公积金/驾照/户口/车辆/不动产/出入境)."""
