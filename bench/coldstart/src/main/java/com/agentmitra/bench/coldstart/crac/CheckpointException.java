package com.agentmitra.bench.coldstart.crac;

/** {@code jdk.crac.CheckpointException}. */
public class CheckpointException extends Exception {

    private static final long serialVersionUID = 1L;

    public CheckpointException() {
        super();
    }
}
