"""Creates or drops the benchmark's MariaDB/MySQL database through the mariadb/mysql client.

Usage: mysql.py mysql://USER[:PASSWORD]@HOST[:PORT] (recreate|drop) DATABASE
"""

import os
import re
import shutil
import subprocess
import sys
import urllib.parse

base, action, database = sys.argv[1], sys.argv[2], sys.argv[3]
if not re.fullmatch(r"[A-Za-z0-9_]+", database):
    sys.exit(f"mysql.py: refusing database name {database!r}")
url = urllib.parse.urlparse(base)
client = shutil.which("mariadb") or shutil.which("mysql")
if not client:
    sys.exit("mysql.py: needs the mariadb or mysql client")
args = [client, "-h", url.hostname or "127.0.0.1", "-P", str(url.port or 3306),
        "-u", urllib.parse.unquote(url.username or "root")]
env = dict(os.environ)
if url.password:
    env["MYSQL_PWD"] = urllib.parse.unquote(url.password)
sql = f"DROP DATABASE IF EXISTS `{database}`;"
if action == "recreate":
    sql += f" CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
elif action != "drop":
    sys.exit("mysql.py: recreate or drop")
subprocess.run(args + ["-e", sql], check=True, env=env)
