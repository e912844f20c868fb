"""A student's own records: the download (FERPA: the right to inspect one's records) and an
admin's removal of a student from the institution, built on `record_sections`."""
