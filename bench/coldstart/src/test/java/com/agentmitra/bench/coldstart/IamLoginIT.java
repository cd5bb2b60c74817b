package com.agentmitra.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.agentmitra.local.BenchStack;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The database logins used in AWS, on exactly each Lambda zip's class path: an RDS IAM token as the password of each
 * new connection ({@code DB_IAM_AUTH=true}, every function but the migration) and the owner's secret read from Secrets
 * Manager ({@code DB_SECRET_ID}, the migration). {@code local/run} and the benchmark log in with a
 * password, so without this nothing run here would notice a zip missing a class the token needs. A fresh JVM per zip
 * opens the pool's first connection to a fake PostgreSQL server on a loopback port that asks for a clear-text
 * password, keeps it and refuses the login; asserted: the password is a signed {@code rds-db} token for this host,
 * port and user, with the session credentials' token (the shape Lambda's role credentials have). The credentials are
 * made up: nothing leaves the machine.
 */
class IamLoginIT {

    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final Path WORK = REPOSITORY.resolve("bench/coldstart/target/iam");
    private static final String USER = "agent_mitra_app";

    /** What the fake Secrets Manager answers: the RDS secret's JSON shape, made-up values. */
    private static final String SECRET_USER = "agent_mitra_owner";
    private static final String SECRET_PASSWORD = "not-a-real-password";

    private static FakePostgres postgres;
    private static com.sun.net.httpserver.HttpServer secretsManager;
    private static final BlockingQueue<String> secretRequests = new LinkedBlockingQueue<>();
    private static Path probe;

    @BeforeAll
    static void start() throws IOException {
        postgres = new FakePostgres();
        secretsManager = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        secretsManager.createContext("/", exchange -> {
            secretRequests.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")));
            exchange.getRequestBody().readNBytes(100_000);
            byte[] body = ("{\"ARN\":\"arn:aws:secretsmanager:ap-south-1:000000000000:secret:db\",\"Name\":\"db\","
                    + "\"SecretString\":\"{\\\"username\\\":\\\"" + SECRET_USER + "\\\",\\\"password\\\":\\\""
                    + SECRET_PASSWORD + "\\\"}\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        secretsManager.start();
        probe = ZipClassPath.classDirectory(WORK, "probe", List.of(OpenOneConnection.class));
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
        secretsManager.stop(0);
    }

    /**
     * The other AWS login ({@code DB_SECRET_ID}: {@code MigrateFunction}'s owner login, read from Secrets Manager
     * through Powertools, whose client is the URL-connection one) on every zip: the pool's first connection reads the
     * secret from a fake Secrets Manager and sends its user's password to the fake PostgreSQL server.
     */
    @TestFactory
    Stream<DynamicTest> everyZipLogsInWithASecretFromSecretsManager() {
        return BenchStack.functionsOf(REPOSITORY).stream().map(BenchStack.Function::codeUri).distinct().sorted()
                .map(codeUri -> DynamicTest.dynamicTest(Path.of(codeUri).getFileName().toString(),
                        () -> logsInWithSecret(REPOSITORY.resolve(codeUri))));
    }

    private void logsInWithSecret(Path zip) throws Exception {
        secretRequests.clear();
        String password = openOneConnection(zip, "secret", Map.of(
                "DB_SECRET_ID", "arn:aws:secretsmanager:ap-south-1:000000000000:secret:db",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:" + secretsManager.getAddress().getPort()));
        assertThat(secretRequests.poll()).as("%s: the request to Secrets Manager", zip.getFileName())
                .isEqualTo("secretsmanager.GetSecretValue");
        assertThat(password).as("%s: the password sent is the secret's", zip.getFileName()).isEqualTo(SECRET_PASSWORD);
    }

    @TestFactory
    Stream<DynamicTest> everyZipLogsInWithAnRdsIamToken() {
        return BenchStack.functionsOf(REPOSITORY).stream().map(BenchStack.Function::codeUri).distinct().sorted()
                .map(codeUri -> DynamicTest.dynamicTest(Path.of(codeUri).getFileName().toString(),
                        () -> logsInWithIamToken(REPOSITORY.resolve(codeUri))));
    }

    private void logsInWithIamToken(Path zip) throws Exception {
        String password = openOneConnection(zip, "iam", Map.of("DB_IAM_AUTH", "true"));
        assertThat(password).as("%s: the password sent", zip.getFileName())
                .startsWith("127.0.0.1:" + postgres.port() + "/?")
                .contains("Action=connect", "DBUser=" + USER, "X-Amz-Algorithm=AWS4-HMAC-SHA256",
                        "X-Amz-Credential=ASIAEXAMPLENOTAKEY00%2F", "%2Fap-south-1%2Frds-db%2Faws4_request",
                        "X-Amz-Expires=900", "X-Amz-Security-Token=example-session-token", "X-Amz-Signature=");
    }

    /** Opens the pool's first connection in a fresh JVM on the zip's class path; the password the server was sent. */
    private String openOneConnection(Path zip, String login, Map<String, String> credentials) throws Exception {
        if (!Files.isRegularFile(zip)) {
            fail("no zip at %s; build the Lambda zips first: ./mvnw -B -DskipTests package", zip);
        }
        Path output = Files.createDirectories(WORK.resolve("runs"))
                .resolve(zip.getFileName().toString().replace(".zip", "-" + login + ".log"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ColdStartBench.join(ZipClassPath.of(ZipClassPath.unpack(WORK, zip), probe)),
                OpenOneConnection.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_REGION", "ap-south-1");
        // made-up session credentials, as Lambda sets them for the function's role
        environment.put("AWS_ACCESS_KEY_ID", "ASIAEXAMPLENOTAKEY00");
        environment.put("AWS_SECRET_ACCESS_KEY", "example/not/a/secret/0000000000000000000");
        environment.put("AWS_SESSION_TOKEN", "example-session-token");
        environment.put("DB_HOST", "127.0.0.1");
        environment.put("DB_PORT", Integer.toString(postgres.port()));
        environment.put("DB_NAME", "agent_mitra");
        environment.put("DB_USER", USER);
        environment.put("DB_SSL_MODE", "disable");
        environment.putAll(credentials);
        builder.environment().clear();
        builder.environment().putAll(environment);
        postgres.passwords.clear();
        Process process = builder.start();
        String password;
        try {
            password = postgres.passwords.poll(60, TimeUnit.SECONDS);
            assertThat(password).as("%s: no login reached the database (%s)", zip.getFileName(), output).isNotNull();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        assertThat(Files.readString(output)).as("%s: the probe's output (%s)", zip.getFileName(), output)
                .doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
        return password;
    }

    /**
     * Runs in the child JVM on the zip's class path, with the JDK alone: {@code ConnectionPool.create(
     * DatabaseConfig.fromEnvironment()).getConnection()} through reflection; the refused login is expected.
     */
    public static final class OpenOneConnection {
        public static void main(String[] args) throws Exception {
            Object config = Class.forName("com.agentmitra.data.DatabaseConfig").getMethod("fromEnvironment").invoke(null);
            Object pool = Class.forName("com.agentmitra.data.ConnectionPool")
                    .getMethod("create", config.getClass()).invoke(null, config);
            try {
                ((javax.sql.DataSource) pool).getConnection().close();
                System.out.println("unexpected: the fake server accepted the login");
            } catch (java.sql.SQLException expected) {
                System.out.println("login refused, as the fake server does: " + expected.getClass().getName());
            } finally {
                ((AutoCloseable) pool).close();
            }
        }
    }

    /**
     * Enough of PostgreSQL's protocol to be sent a password: declines TLS and GSS requests, answers a start-up message
     * with AuthenticationCleartextPassword, keeps the password message's text and answers invalid_password.
     */
    private static final class FakePostgres implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final BlockingQueue<String> passwords = new LinkedBlockingQueue<>();

        FakePostgres() throws IOException {
            Thread thread = new Thread(this::serve, "fake-postgres");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connection.setSoTimeout(10_000);
                    var in = new DataInputStream(connection.getInputStream());
                    var out = new DataOutputStream(connection.getOutputStream());
                    while (true) {
                        int length = in.readInt();
                        if (length < 8 || length > 10_000) {
                            throw new IOException("not a start-up message");
                        }
                        int code = in.readInt();
                        in.readNBytes(length - 8);
                        if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest
                            out.writeByte('N');
                            out.flush();
                            continue;
                        }
                        break;
                    }
                    out.writeByte('R');
                    out.writeInt(8);
                    out.writeInt(3); // clear-text password
                    out.flush();
                    if (in.readByte() != 'p') {
                        throw new IOException("not a password message");
                    }
                    int length = in.readInt();
                    if (length < 5 || length > 10_000) {
                        throw new IOException("password message of " + length + " bytes");
                    }
                    byte[] password = in.readNBytes(length - 4);
                    passwords.add(new String(password, 0, password.length - 1, StandardCharsets.UTF_8));
                    byte[] error = "SFATAL\0C28P01\0Mpassword authentication failed\0\0".getBytes(StandardCharsets.UTF_8);
                    out.writeByte('E');
                    out.writeInt(4 + error.length);
                    out.write(error);
                    out.flush();
                } catch (IOException e) {
                    // closed, or a client that gave up: the next connection is served afresh
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
