# attack: hang while being imported
# max_score: 0
import time

time.sleep(3600)
