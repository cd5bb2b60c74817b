package com.agentmitra.bench.coldstart.crac;

/** {@code jdk.crac.Context}: a resource that holds resources. */
public abstract class Context<R extends Resource> implements Resource {

    protected Context() {}

    public abstract void register(R resource);
}
