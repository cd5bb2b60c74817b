package com.agentmitra.auth;

import java.nio.file.Path;

/** Where the auth keys come from: Secrets Manager in AWS, a generated file on a developer's machine. */
sealed interface KeySource {

    /** A Secrets Manager secret holding {@link AuthKeys}' JSON, read through Powertools parameters (cached). */
    record SecretsManager(String secretId) implements KeySource {}

    /** A local file, created with fresh keys on first use (never in Lambda: see {@link TokenConfig}). */
    record DevFile(Path path) implements KeySource {}
}
