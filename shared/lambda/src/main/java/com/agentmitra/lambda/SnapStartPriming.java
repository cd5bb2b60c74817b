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
 *
 * <p>And the work done after each restore ({@code afterRestore}), before the restored copy's first request: one
 * snapshot is resumed as many copies, days after it was taken, so what it froze must not be reused as it is: the
 * pool's connections are dropped and its credentials read afresh by the next connection, cached secrets are read
 * again, and randomness held in fields is drawn anew (bench/coldstart/README.md, "SnapStart"). A restore hook opens
 * no connection (the first request does) and must be quick: the runtime's load and every {@code afterRestore} share
 * 10 seconds.
 *
 * <p>Lambda runs the {@code beforeCheckpoint} hooks last registered first and the {@code afterRestore} hooks in
 * registration order; a failing hook is logged (its exception's class only: a message may quote a secret) and does
 * not stop the others, nor the snapshot or the restore.
 */
public final class SnapStartPriming implements Resource {

    /** Logged when a priming step fails; PrimingIT looks for it. */
    public static final String PRIMING_FAILED = "SnapStart priming failed";
    /** Logged when a restore hook fails; PrimingIT looks for it. */
    public static final String RESTORE_FAILED = "SnapStart restore hook failed";

    private static final Logger log = LoggerFactory.getLogger(SnapStartPriming.class);
    /** CRaC keeps resources weakly: hold them here. */
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();
    private static final Runnable NOTHING = () -> {};

    private final String name;
    private final Runnable prime;
    private final Runnable beforeSnapshot;
    private final Runnable afterRestore;

    private SnapStartPriming(String name, Runnable prime, Runnable beforeSnapshot, Runnable afterRestore) {
        this.name = name;
        this.prime = prime;
        this.beforeSnapshot = beforeSnapshot;
        this.afterRestore = afterRestore;
    }

    /** Registers {@code prime} to run before the snapshot, then {@code beforeSnapshot} (e.g. closing connections). */
    public static void register(Runnable prime, Runnable beforeSnapshot) {
        register(prime, beforeSnapshot, NOTHING);
    }

    /**
     * As {@link #register(Runnable, Runnable)}, and {@code afterRestore} to run in every copy restored from the
     * snapshot (e.g. {@code ConnectionPool.afterRestore(pool)}).
     */
    public static void register(Runnable prime, Runnable beforeSnapshot, Runnable afterRestore) {
        add(new SnapStartPriming("priming", prime, beforeSnapshot, afterRestore));
    }

    /**
     * Registers {@code afterRestore} alone, named for the log (e.g. "auth randomness"): what a module holds that a
     * restored copy must renew, beside the function's priming.
     */
    public static void registerRestore(String name, Runnable afterRestore) {
        add(new SnapStartPriming(name, NOTHING, NOTHING, afterRestore));
    }

    /** A priming step made but not registered (tests). */
    static SnapStartPriming unregistered(Runnable prime, Runnable beforeSnapshot) {
        return new SnapStartPriming("priming", prime, beforeSnapshot, NOTHING);
    }

    private static void add(SnapStartPriming priming) {
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    /** Runs every registered priming step now (tests, and the local stack at start). */
    public static void primeAll() {
        REGISTERED.forEach(priming -> priming.prime.run());
    }

    /** Runs every registered restore hook now, in registration order, as a restore does (tests). */
    public static void restoreAll() {
        REGISTERED.forEach(priming -> priming.afterRestore(null));
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            prime.run();
        } catch (RuntimeException e) {
            // priming is an optimisation: a failure must not stop the snapshot
            log.warn(PRIMING_FAILED, e);
        }
        beforeSnapshot.run();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        try {
            afterRestore.run();
        } catch (RuntimeException | Error e) {
            // the class only: a message may quote a secret or a key; the next hooks still run, and what failed to
            // renew here is renewed by its own expiry (secrets re-read, connections' lifetime)
            log.error("{} ({}: {})", RESTORE_FAILED, name, e.getClass().getName());
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }
}
