"""What one API call may carry: more is refused at once, before anything is read or written."""

MAX_VALUES_PER_CALL = 5_000  # a capped push is one bulk write of a few seconds at most, far from any worker timeout
MAX_BODY_BYTES = 5 * 1024 * 1024  # 5 MB, as Django's DATA_UPLOAD_MAX_MEMORY_SIZE: 5,000 values with long notes fit
MAX_LISTED_ERRORS = 100  # a problem lists at most this many field errors; its detail gives the total
