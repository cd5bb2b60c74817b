package com.agentmitra.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void inAwsTheFunctionsUseAnIamTokenForTheProxyEndpoint() {
        DatabaseConfig config = Env.with(Map.of("DB_HOST", "proxy.example.internal", "DB_NAME", "agent_mitra",
                "DB_USER", "agent_mitra_fn", "DB_IAM_AUTH", "true", "AWS_REGION", "ap-south-1"),
                DatabaseConfig::fromEnvironment);

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://proxy.example.internal:5432/agent_mitra");
        assertThat(config.credentials()).isEqualTo(new DatabaseConfig.Credentials.IamToken("agent_mitra_fn", "ap-south-1"));
        assertThat(config.poolSize()).isEqualTo(2);
    }

    @Test
    void theMigrateFunctionReadsTheOwnerSecret() {
        DatabaseConfig config = Env.with(Map.of("DB_HOST", "proxy.example.internal", "DB_NAME", "agent_mitra",
                "DB_SECRET_ID", "arn:aws:secretsmanager:ap-south-1:000000000000:secret:owner"),
                DatabaseConfig::fromEnvironment);

        assertThat(config.credentials()).isInstanceOf(DatabaseConfig.Credentials.SecretsManager.class);
    }

    @Test
    void everyMissingVariableIsNamedAtOnce() {
        assertThatThrownBy(() -> Env.with(Map.of("DB_POOL_SIZE", "many"), DatabaseConfig::fromEnvironment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DB_HOST is not set")
                .hasMessageContaining("DB_NAME is not set")
                .hasMessageContaining("DB_USER is not set")
                .hasMessageContaining("DB_POOL_SIZE must be a whole number");
    }

    @Test
    void aPasswordNeverPrintsItself() {
        DatabaseConfig config = Env.with(Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:5433/postgres",
                "DB_USER", "agent_mitra_local", "DB_PASSWORD", "local-only-password"), DatabaseConfig::fromEnvironment);

        assertThat(config.toString()).doesNotContain("local-only-password").contains("***");
    }

    @Test
    void connectionsVerifyTlsUnlessPlainConnectionsAreAskedForByName() {
        Map<String, String> aws = Map.of("DB_HOST", "proxy.example.internal", "DB_NAME", "agent_mitra",
                "DB_USER", "agent_mitra_fn", "DB_IAM_AUTH", "true");
        Map<String, String> withBundle = new java.util.HashMap<>(aws);
        withBundle.put("DB_SSL_ROOT_CERT", "/opt/rds/global-bundle.pem");
        Map<String, String> local = Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:5433/postgres",
                "DB_USER", "agent_mitra_local", "DB_PASSWORD", "local-only-password", "DB_SSL_MODE", "disable");

        assertThat(Env.with(aws, DatabaseConfig::fromEnvironment).tls()).isEqualTo(DatabaseConfig.Tls.VERIFY_FULL);
        assertThat(Env.with(withBundle, DatabaseConfig::fromEnvironment).tls())
                .isEqualTo(new DatabaseConfig.Tls.VerifyFull("/opt/rds/global-bundle.pem"));
        assertThat(Env.with(local, DatabaseConfig::fromEnvironment).tls()).isEqualTo(new DatabaseConfig.Tls.Disabled());
    }

    @Test
    void aModeThatDoesNotVerifyTheServerIsRefused() {
        for (String weak : new String[] {"require", "prefer", "allow", "verify-ca", "VERIFY-FULL"}) {
            assertThatThrownBy(() -> Env.with(Map.of("DB_HOST", "proxy.example.internal", "DB_NAME", "agent_mitra",
                    "DB_USER", "agent_mitra_fn", "DB_IAM_AUTH", "true", "DB_SSL_MODE", weak),
                    DatabaseConfig::fromEnvironment))
                    .as(weak).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DB_SSL_MODE must be verify-full or disable");
        }
    }
}
