package com.agentmitra.platform;

/** {@code GET /health}: whether the API can reach its database, and the schema version it finds there. */
record Health(String status, String database, String schemaVersion) {

    static Health up(String schemaVersion) {
        return new Health("ok", "up", schemaVersion);
    }
}
