"""The county console: the same application opened on a county database
(``python main.py --county --db PATH_OR_URL``).

Pages: 站点 (registered stations, their bundle chains and gaps, registering and revoking),
导入 (importing a folder of bundles with progress, a summary per bundle, acknowledgements),
待决定援助 (forwarded legal aid applications awaiting the county's decision). Every database,
disk and crypto call runs through the task runner on the services of ``workstation.county``.
"""
