"""The 统计 page's parts: period picker, bar charts, drill-down list, report export."""
