package com.agentmitra.archival;

/** One row on its way to the archive: its key and its whole content as one JSON object. */
record ArchiveRow(RowKey key, String json) {}
