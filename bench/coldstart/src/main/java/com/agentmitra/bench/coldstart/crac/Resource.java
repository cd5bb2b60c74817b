package com.agentmitra.bench.coldstart.crac;

/** {@code jdk.crac.Resource}: what {@code org.crac} registers (a proxy forwarding to the application's resource). */
public interface Resource {

    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
