package com.agentmitra.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code local/invoke <FunctionLogicalId> <event.json>}: runs one function of {@code template.yaml} on one event and
 * prints its response JSON, like {@code sam local invoke}. Joins a running {@code local/run}, or starts the local
 * database and emulators for the call. Exits non-zero, printing the error, when the handler fails.
 */
public final class LocalInvoke {

    private LocalInvoke() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: local/invoke <FunctionLogicalId> <event.json>");
            System.exit(2);
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
            String event = Files.readString(Path.of(args[1]));
            try (LocalServices services = LocalServices.start(repository, false)) {
                String output = services.function(args[0]).invoke(event);
                stdout.println(output);
                stdout.flush();
            }
            status = 0;
        } catch (Exception e) {
            System.err.println("local/invoke: " + args[0] + " failed: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.err.println("  caused by: " + cause);
            }
            status = 1;
        }
        System.exit(status);
    }
}
