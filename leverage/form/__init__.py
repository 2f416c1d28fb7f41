"""The template the consultant fills: its fields, reading it safely cell by cell, writing a blank or filled one."""
