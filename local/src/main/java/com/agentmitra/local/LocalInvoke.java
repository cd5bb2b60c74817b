package com.agentmitra.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code local/invoke [--env-vars FILE] <FunctionLogicalId> <event.json>}: runs one function of
 * {@code template.yaml} on one event and prints its response JSON, like {@code sam local invoke};
 * {@code --env-vars} (or {@code -n}) overrides the function's environment from a JSON file as SAM's does
 * ({@link EnvVarsFile}). Joins a running {@code local/run}, or starts the local
 * database and emulators for the call. Exits non-zero, printing the error, when the handler fails.
 */
public final class LocalInvoke {

    private LocalInvoke() {}

    public static void main(String[] args) {
        Path envVars = null;
        java.util.List<String> positional = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--env-vars") || args[i].equals("-n")) && i + 1 < args.length && envVars == null) {
                envVars = Path.of(args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() != 2 || positional.get(0).startsWith("-")) {
            System.err.println("usage: local/invoke [--env-vars FILE] <FunctionLogicalId> <event.json>");
            System.exit(2);
        }
        String functionId = positional.get(0);
        EnvVarsFile overrides = null;
        if (envVars != null) {
            try {
                overrides = EnvVarsFile.read(envVars);
            } catch (RuntimeException e) {
                System.err.println("local/invoke: " + e.getMessage());
                System.exit(2);
            }
        }
        System.setProperty("spring.main.banner-mode", "off");
        // on this machine nothing may probe an EC2 metadata endpoint for credentials or region
        System.setProperty("aws.disableEc2Metadata", "true");
        Path repository = Path.of(System.getProperty("agentmitra.repository", ".")).toAbsolutePath().normalize();
        // only the handler's response goes to stdout: anything else printed while starting goes to stderr
        java.io.PrintStream stdout = System.out;
        System.setOut(System.err);
        int status;
        try {
            String event = Files.readString(Path.of(positional.get(1)));
            try (LocalServices services = LocalServices.start(repository, false)) {
                EnvVarsFile file = overrides;
                String output = (file == null ? services.function(functionId)
                        : services.function(functionId, environment -> apply(file, functionId, environment)))
                        .invoke(event);
                stdout.println(output);
                stdout.flush();
            }
            status = 0;
        } catch (Exception e) {
            System.err.println("local/invoke: " + functionId + " failed: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.err.println("  caused by: " + cause);
            }
            status = 1;
        }
        System.exit(status);
    }

    /** The function's environment with the file's values for the variables it has; the others named on stderr. */
    static java.util.Map<String, String> apply(EnvVarsFile file, String functionId,
            java.util.Map<String, String> environment) {
        java.util.List<String> ignored = new java.util.ArrayList<>();
        environment.putAll(file.overridesFor(functionId, environment.keySet(), ignored));
        if (!ignored.isEmpty()) {
            System.err.println("local/invoke: --env-vars: " + functionId + " has no variable " + String.join(", ", ignored)
                    + " (as in sam local invoke, only variables the function has are overridden)");
        }
        return environment;
    }
}
