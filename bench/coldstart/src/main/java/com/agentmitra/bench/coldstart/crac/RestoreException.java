package com.agentmitra.bench.coldstart.crac;

/** {@code jdk.crac.RestoreException}. */
public class RestoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public RestoreException() {
        super();
    }
}
