"""What one API call may carry: more is refused at once, before anything is read or written."""

MAX_VALUES_PER_CALL = 5_000  # a capped push is one bulk write of a few seconds at most, far from any worker timeout
MAX_BODY_BYTES = 5 * 1024 * 1024  # 5 MB, as Django's DATA_UPLOAD_MAX_MEMORY_SIZE: 5,000 values with long notes fit
MAX_LISTED_ERRORS = 100  # a problem lists at most this many field errors; its detail gives the total
DEFAULT_PAGE = 50  # items on a page of a list when `limit` is not given
MAX_PAGE = 200  # the most a page may hold: a board of 200 KPIs is read in one call
MAX_ID = 2**31 - 1  # the largest id a path or a filter may name: larger ones cannot exist, and no database is asked
MAX_TARGETS = 200  # a KPI's target schedule: two hundred dated targets is decades of months
MAX_RECORDS_PER_CALL = 50_000  # dataset records in one JSON body (the body cap comes first for wide rows)
