package com.agentmitra.imports.read;

/** The file cannot be imported; the message says why in words an agent can act on (it ends up on the job). */
public final class UnreadableFileException extends RuntimeException {

    public UnreadableFileException(String reason) {
        super(reason);
    }

    public UnreadableFileException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
