package com.agentmitra.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The floor: the work a health check cannot avoid, with nothing else. Reads the event with Jackson, opens one JDBC
 * connection ({@code DB_URL}, {@code DB_USER}, {@code DB_PASSWORD}), runs one query, writes an API Gateway answer as
 * JSON. The benchmark runs it on a class path of Jackson, the PostgreSQL driver and aws-lambda-java-core only.
 */
public final class FloorHandler implements RequestStreamHandler {

    private static final int MAX_EVENT_BYTES = 1024 * 1024;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] bytes = input.readNBytes(MAX_EVENT_BYTES + 1);
        if (bytes.length > MAX_EVENT_BYTES) {
            throw new IOException("event larger than " + MAX_EVENT_BYTES + " bytes");
        }
        JsonNode event = mapper.readTree(bytes);
        ObjectNode body = mapper.createObjectNode();
        body.put("path", event.path("path").asText());
        try (Connection connection = DriverManager.getConnection(System.getenv("DB_URL"), System.getenv("DB_USER"),
                System.getenv("DB_PASSWORD"));
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select current_database(), now()")) {
            row.next();
            body.put("status", "up");
            body.put("database", row.getString(1));
            body.put("checkedAt", row.getTimestamp(2).toInstant().toString());
        } catch (SQLException e) {
            throw new IOException("database check failed: " + e.getSQLState(), e);
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.put("statusCode", 200);
        answer.putObject("headers").put("Content-Type", "application/json");
        answer.put("body", mapper.writeValueAsString(body));
        mapper.writeValue(output, answer);
    }
}
