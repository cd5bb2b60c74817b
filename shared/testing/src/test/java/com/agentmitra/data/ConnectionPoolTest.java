package com.agentmitra.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.config.Env;
import com.agentmitra.testing.LogCapture;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {

    @Test
    void aConnectionThatCannotBeOpenedIsLoggedByTheLineTheAlarmCountsWithoutHostOrPassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DatabaseConfig config = Env.with(Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/nowhere",
                "DB_USER", "agent_mitra_local", "DB_PASSWORD", "pool-test-password", "DB_SSL_MODE", "disable"),
                DatabaseConfig::fromEnvironment);

        try (LogCapture logs = LogCapture.start(); HikariDataSource pool = ConnectionPool.create(config)) {
            assertThatThrownBy(pool::getConnection).isInstanceOf(SQLException.class);

            // template.yaml's DatabaseConnectionErrors metric filter matches exactly this text
            assertThat(logs.text()).contains("ERROR com.agentmitra.data.ConnectionPool Database connection failed")
                    .contains("sqlState=08001")
                    .doesNotContain("pool-test-password")
                    .doesNotContain("127.0.0.1:" + closedPort);
        }
    }
}
