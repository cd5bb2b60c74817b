package com.agentmitra.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes the value of the auth keys secret ({@code SIGNING_KEY_SECRET_ID}; format in {@link AuthKeys}) on the
 * operator's machine, printed to standard output and nowhere else: {@code new} for a first secret,
 * {@code add-key <file>} for the current secret plus one verify-only signing key, {@code public-keys <file>} for the
 * authorizer's secret: the public keys of an auth keys secret and nothing else (README: "Keys").
 */
public final class AuthKeysSecret {

    private AuthKeysSecret() {}

    public static void main(String[] args) throws IOException {
        String command = args.length > 0 && !args[0].isBlank() ? args[0] : "new";
        switch (command) {
            case "new" -> System.out.println(AuthKeys.newSecretJson());
            case "add-key" -> {
                if (args.length < 2 || args[1].isBlank()) {
                    fail("add-key needs the file holding the current secret value");
                }
                String current = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
                try {
                    System.out.println(AuthKeys.withAddedSigningKeyJson(current));
                } catch (IllegalStateException e) {
                    fail(e.getMessage());
                }
            }
            case "public-keys" -> {
                if (args.length < 2 || args[1].isBlank()) {
                    fail("public-keys needs the file holding the auth keys secret value");
                }
                String current = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
                try {
                    System.out.println(AuthKeys.publicKeysJson(current));
                } catch (IllegalStateException e) {
                    fail(e.getMessage());
                }
            }
            default -> fail("usage: AuthKeysSecret new | add-key <file with the current secret value>"
                    + " | public-keys <file with the current secret value>");
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
