package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void restoreHooksRunInRegistrationOrderAndAFailingOneIsLoggedWithoutItsMessageAndStopsNoOther() {
        String run = "run-" + System.nanoTime(); // the registry is the JVM's: count only this test's hooks
        List<String> ran = new CopyOnWriteArrayList<>();
        List<String> primed = new CopyOnWriteArrayList<>();
        SnapStartPriming.register(() -> primed.add(run), () -> {}, () -> ran.add(run + " pool"));
        SnapStartPriming.registerRestore("auth keys", () -> {
            ran.add(run + " keys");
            throw new IllegalStateException("secret value {\"hashKey\":\"c2VjcmV0LWtleQ\"} is not JSON");
        });
        SnapStartPriming.registerRestore("auth randomness", () -> {
            ran.add(run + " randomness");
            throw new ExceptionInInitializerError("provider c2VjcmV0LWtleQ");
        });
        SnapStartPriming.registerRestore("last", () -> ran.add(run + " last"));

        try (CapturedLogs logs = CapturedLogs.start()) {
            SnapStartPriming.restoreAll();

            assertThat(ran.stream().filter(hook -> hook.startsWith(run + " ")).toList())
                    .containsExactly(run + " pool", run + " keys", run + " randomness", run + " last");
            assertThat(primed).as("a restore primes nothing").isEmpty();
            assertThat(logs.text())
                    .contains(SnapStartPriming.RESTORE_FAILED + " (auth keys: java.lang.IllegalStateException)")
                    .contains(SnapStartPriming.RESTORE_FAILED
                            + " (auth randomness: java.lang.ExceptionInInitializerError)")
                    .doesNotContain("c2VjcmV0LWtleQ")
                    .doesNotContain("hashKey");
        }
    }

    @Test
    void aFailedPrimingStepStillEmptiesThePoolBeforeTheSnapshot() {
        List<String> steps = new CopyOnWriteArrayList<>();
        SnapStartPriming priming = SnapStartPriming.unregistered(() -> {
            steps.add("prime");
            throw new IllegalStateException("no such table");
        }, () -> steps.add("pool emptied"));
        try (CapturedLogs logs = CapturedLogs.start()) {
            priming.beforeCheckpoint(null);
            assertThat(logs.text()).contains(SnapStartPriming.PRIMING_FAILED);
        }
        assertThat(steps).containsExactly("prime", "pool emptied");
    }
}
