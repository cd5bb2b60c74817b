package com.agentmitra.bench.coldstart.crac;

import java.util.ArrayList;
import java.util.List;

/** {@code jdk.crac.Core}: the global context, and a checkpoint that runs the hooks without taking an image. */
public final class Core {

    private static final Global GLOBAL = new Global();

    private Core() {}

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /** What {@code org.crac.Core.checkpointRestore()} calls: the hooks before, then after, with no image between. */
    public static void checkpointRestore() throws CheckpointException, RestoreException {
        checkpoint();
        try {
            GLOBAL.afterRestore(null);
        } catch (Exception e) {
            RestoreException restore = new RestoreException();
            restore.addSuppressed(e);
            throw restore;
        }
    }

    /** Runs every registered resource's {@code beforeCheckpoint}, last registered first; answers how many ran. */
    public static int checkpoint() throws CheckpointException {
        try {
            return GLOBAL.runBefore();
        } catch (Exception e) {
            CheckpointException checkpoint = new CheckpointException();
            checkpoint.addSuppressed(e);
            throw checkpoint;
        }
    }

    /**
     * Runs every registered resource's {@code afterRestore}, first registered first, as a restore does; answers how
     * many ran.
     */
    public static int restore() throws RestoreException {
        try {
            return GLOBAL.runAfter();
        } catch (Exception e) {
            RestoreException restore = new RestoreException();
            restore.addSuppressed(e);
            throw restore;
        }
    }

    /** How many resources are registered. */
    public static int registered() {
        return GLOBAL.count();
    }

    /**
     * What is registered, by class, in registration order ({@code org.crac} wraps each as
     * {@code org.crac.ResourceWrapper[<resource>]}; the identity hash is left out).
     */
    public static List<String> registeredClasses() {
        return GLOBAL.classes();
    }

    private static final class Global extends Context<Resource> {
        // held strongly: org.crac keeps only a weak reference to its own proxy's target
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }

        synchronized List<String> classes() {
            List<String> classes = new ArrayList<>();
            for (Resource resource : resources) {
                String name = String.valueOf(resource);
                int open = name.indexOf('[');
                String inner = open >= 0 && name.endsWith("]") ? name.substring(open + 1, name.length() - 1) : name;
                int at = inner.indexOf('@');
                classes.add(at >= 0 ? inner.substring(0, at) : inner);
            }
            return classes;
        }

        synchronized int count() {
            return resources.size();
        }

        synchronized int runBefore() throws Exception {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).beforeCheckpoint(this);
            }
            return resources.size();
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            runBefore();
        }

        synchronized int runAfter() throws Exception {
            for (Resource resource : resources) {
                resource.afterRestore(this);
            }
            return resources.size();
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws Exception {
            runAfter();
        }
    }
}
