# attack: leave with status 0 while being imported, before any check runs
# max_score: 0
import os

os._exit(0)
