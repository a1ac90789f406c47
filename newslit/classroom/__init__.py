"""A class's answers: loaded into one DataFrame with summaries (``load``), the HTML/CSV report
(``report``, ``report_charts``) and an invented sample class (``sampleclass``). Never imports widgets."""
