package com.agentmitra.lambda;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work done once before Lambda SnapStart takes its snapshot, so restored instances answer the first request warm:
 * Jackson and jOOQ are exercised (their classes loaded, caches filled) and the pool is emptied so the snapshot
 * holds no open socket. Cold start is a product feature.
 */
public final class SnapStartPriming implements Resource {

    private static final Logger log = LoggerFactory.getLogger(SnapStartPriming.class);
    /** CRaC keeps resources weakly: hold them here. */
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

    private final Runnable prime;
    private final Runnable beforeSnapshot;

    private SnapStartPriming(Runnable prime, Runnable beforeSnapshot) {
        this.prime = prime;
        this.beforeSnapshot = beforeSnapshot;
    }

    /** Registers {@code prime} to run before the snapshot, then {@code beforeSnapshot} (e.g. closing connections). */
    public static void register(Runnable prime, Runnable beforeSnapshot) {
        SnapStartPriming priming = new SnapStartPriming(prime, beforeSnapshot);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    /** Runs every registered priming step now (tests, and the local stack at start). */
    public static void primeAll() {
        REGISTERED.forEach(priming -> priming.prime.run());
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            prime.run();
        } catch (RuntimeException e) {
            // priming is an optimisation: a failure must not stop the snapshot
            log.warn("SnapStart priming failed", e);
        }
        beforeSnapshot.run();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {}
}
