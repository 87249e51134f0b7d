"""源城分厅建设工作量化评分 — offline scoring desktop for the 四率 assessment."""

__version__ = "0.1.0"
