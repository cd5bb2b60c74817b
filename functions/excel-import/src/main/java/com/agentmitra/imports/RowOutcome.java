package com.agentmitra.imports;

/** What an accepted row did to the book (or, in a dry run, would do). */
enum RowOutcome { CREATED, UPDATED, UNCHANGED }
