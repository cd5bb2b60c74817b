package com.agentmitra.local;

import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.schema.SchemaMigrator;
import com.agentmitra.testing.InProcessAws;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Everything the functions need on this machine: PostgreSQL 16 (embedded, data kept in {@code local/.data}),
 * SQS (ElasticMQ), S3 (S3Mock) and a recording WhatsApp sandbox in-process on fixed ports, the template's queues
 * and buckets, and the functions themselves, each started like Lambda starts it. A second process ({@code local/invoke}) reuses whatever a
 * running {@code local/run} already serves.
 */
final class LocalServices implements AutoCloseable {

    static final int POSTGRES_PORT = 5433;
    static final int SQS_PORT = 9324;
    static final int S3_PORT = 9090;
    /** The functions' local login: a member of agent_mitra_app like in AWS. A local-only value. */
    static final String APP_USER = "agent_mitra_local";
    static final String APP_PASSWORD = "local-only-password";

    private final SamTemplate template;
    private final Optional<EmbeddedPostgres> postgres;
    private final Optional<InProcessAws> aws;
    private final Optional<WhatsappSandbox> whatsapp;
    private final LocalValues values;
    private final Map<String, String> queueUrls;
    private final Map<String, InProcessFunction> started = new ConcurrentHashMap<>();
    private final Report report;

    private LocalServices(SamTemplate template, Optional<EmbeddedPostgres> postgres, Optional<InProcessAws> aws,
            Optional<WhatsappSandbox> whatsapp, Map<String, String> queueUrls, Report report, Path data) {
        this.template = template;
        this.postgres = postgres;
        this.aws = aws;
        this.whatsapp = whatsapp;
        this.queueUrls = queueUrls;
        this.report = report;
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/postgres";
        this.values = new LocalValues(template, queueUrls,
                Map.of("DB_URL", jdbcUrl, "DB_USER", APP_USER, "DB_PASSWORD", APP_PASSWORD, "DB_SSL_MODE", "disable"),
                Map.of("DB_URL", jdbcUrl, "DB_USER", "postgres", "DB_PASSWORD", "postgres", "DB_SSL_MODE", "disable"),
                awsEnvironment(), data);
    }

    /** Starts (or joins) the local services. {@code fresh} wipes the kept database and S3 objects first. */
    static LocalServices start(Path repository, boolean fresh) {
        return start(repository, repository.resolve("local/.data"), fresh);
    }

    /** Starts (or joins) the local services keeping their data in {@code data} (tests use a directory of their own). */
    static LocalServices start(Path repository, Path data, boolean fresh) {
        Report report = new Report();
        SamTemplate template = SamTemplate.read(repository.resolve("template.yaml"));
        if (fresh) {
            if (listening(POSTGRES_PORT)) {
                throw new IllegalStateException("--fresh while another local stack is running: stop it first");
            }
            deleteRecursively(data);
        }
        Optional<EmbeddedPostgres> postgres = Optional.empty();
        if (listening(POSTGRES_PORT)) {
            report.add("PostgreSQL", "127.0.0.1:" + POSTGRES_PORT + " (already running, joined)");
        } else {
            postgres = Optional.of(startPostgres(data.resolve("postgres")));
            report.add("PostgreSQL 16", "127.0.0.1:" + POSTGRES_PORT + " (data in local/.data/postgres)");
        }
        DataSource owner = ownerDataSource();
        com.agentmitra.schema.MigrationReport migration;
        try {
            migration = new SchemaMigrator(owner).migrate();
        } catch (org.flywaydb.core.api.exception.FlywayValidateException e) {
            throw new IllegalStateException("the local database was migrated with other versions of the migration "
                    + "files (an applied migration changed): start over with local/run --fresh", e);
        }
        createAppLogin(owner);
        report.add("Migrations", migration.migrationsApplied() + " applied; shared at version "
                + migration.shared().version() + ", " + migration.tenants().size() + " tenant schemas");
        DemoData.load(owner).ifPresent(summary -> report.add("Demo data", summary));

        Optional<InProcessAws> aws = Optional.empty();
        if (listening(SQS_PORT) && listening(S3_PORT)) {
            report.add("SQS and S3", "already running, joined");
        } else {
            aws = Optional.of(InProcessAws.start(SQS_PORT, S3_PORT, createDirectories(data.resolve("s3"))));
            report.add("SQS (ElasticMQ)", "http://127.0.0.1:" + SQS_PORT);
            report.add("S3 (S3Mock)", "http://127.0.0.1:" + S3_PORT + " (objects in local/.data/s3)");
        }
        Optional<WhatsappSandbox> whatsapp = Optional.empty();
        String sandbox = WhatsappSandbox.base(WhatsappSandbox.PORT);
        if (listening(WhatsappSandbox.PORT)) {
            report.add("WhatsApp sandbox", sandbox + " (already running, joined)");
        } else {
            whatsapp = Optional.of(WhatsappSandbox.start(WhatsappSandbox.PORT));
            report.add("WhatsApp sandbox", sandbox + " (Graph API stand-in; sent messages: " + sandbox
                    + "/_local/whatsapp/messages)");
        }
        Map<String, String> queueUrls = createQueuesAndBuckets(template, report);
        return new LocalServices(template, postgres, aws, whatsapp, queueUrls, report, data);
    }

    SamTemplate template() {
        return template;
    }

    Report report() {
        return report;
    }

    Map<String, String> queueUrls() {
        return queueUrls;
    }

    /** The function with this logical id, started on first use exactly as Lambda would start it. */
    InProcessFunction function(String logicalId) {
        return started.computeIfAbsent(logicalId, id -> function(id, java.util.function.UnaryOperator.identity()));
    }

    /**
     * The function started afresh with its local environment changed by {@code adjust} ({@code local/invoke
     * --env-vars}); not kept for later calls.
     */
    InProcessFunction function(String logicalId,
            java.util.function.UnaryOperator<Map<String, String>> adjust) {
        SamTemplate.Function function = template.function(logicalId)
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + logicalId));
        if (!function.handler().startsWith("com.agentmitra.lambda.LambdaHandler")) {
            throw new IllegalArgumentException(logicalId + " has a handler the local stack cannot run: "
                    + function.handler());
        }
        return InProcessFunction.start(logicalId, function.mainClass(), function.definition(),
                adjust.apply(new LinkedHashMap<>(values.environmentFor(function))));
    }

    /** Where the WhatsApp sender sends ({@link LocalValues#whatsappBaseUrl}). */
    String whatsappBaseUrl() {
        return values.whatsappBaseUrl();
    }

    Map<String, String> awsEnvironment() {
        return Map.of(
                "AWS_REGION", LocalValues.REGION,
                "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:" + SQS_PORT,
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + S3_PORT);
    }

    static software.amazon.awssdk.services.sqs.SqsClient sqs() {
        return com.agentmitra.lambda.AwsClients.sqsAt(java.net.URI.create("http://127.0.0.1:" + SQS_PORT),
                LocalValues.REGION);
    }

    static software.amazon.awssdk.services.s3.S3Client s3() {
        return com.agentmitra.lambda.AwsClients.s3At(java.net.URI.create("http://127.0.0.1:" + S3_PORT),
                LocalValues.REGION);
    }

    @Override
    public void close() {
        whatsapp.ifPresent(WhatsappSandbox::close);
        aws.ifPresent(InProcessAws::close);
        postgres.ifPresent(server -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // shutting down anyway
            }
        });
    }

    private static Map<String, String> createQueuesAndBuckets(SamTemplate template, Report report) {
        Map<String, String> urls = new LinkedHashMap<>();
        try (var sqs = sqs(); var s3 = s3()) {
            template.resources().forEach((id, resource) -> {
                String type = String.valueOf(resource.get("Type"));
                if (type.equals("AWS::SQS::Queue")) {
                    String name = LocalValues.queueName(template, id);
                    String url = sqs.createQueue(request -> request.queueName(name)).queueUrl();
                    Map<String, String> attributes = queueAttributes(template, id);
                    if (!attributes.isEmpty()) {
                        // set after creating, so a queue a running stack already made takes them too
                        sqs.setQueueAttributes(request -> request.queueUrl(url).attributesWithStrings(attributes));
                    }
                    urls.put(id, url);
                } else if (type.equals("AWS::S3::Bucket")) {
                    String name = LocalValues.bucketName(id);
                    if (s3.listBuckets().buckets().stream().noneMatch(bucket -> bucket.name().equals(name))) {
                        s3.createBucket(request -> request.bucket(name));
                    }
                }
            });
            // dead-letter queues exist now: wire each queue's redrive policy as the template declares it
            template.resources().forEach((id, resource) -> {
                Object redrive = SamTemplate.map(resource.get("Properties")).get("RedrivePolicy");
                if ("AWS::SQS::Queue".equals(resource.get("Type")) && redrive instanceof Map<?, ?> policy) {
                    String target = queueArn(template, policy.get("deadLetterTargetArn"));
                    String json = "{\"deadLetterTargetArn\":\"" + target + "\",\"maxReceiveCount\":\""
                            + policy.get("maxReceiveCount") + "\"}";
                    sqs.setQueueAttributes(request -> request.queueUrl(urls.get(id)).attributesWithStrings(
                            Map.of("RedrivePolicy", json)));
                }
            });
        }
        if (!urls.isEmpty()) {
            report.add("Queues", String.join(", ", urls.keySet()));
        }
        return urls;
    }

    /**
     * The template queue's timing as the local queue takes it: {@code VisibilityTimeout} (how long a message a
     * function is handling stays hidden; SQS's default is 30 s) and {@code DelaySeconds}, where the template gives a
     * number.
     */
    static Map<String, String> queueAttributes(SamTemplate template, String logicalId) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, Object> properties = template.resourceProperties(logicalId);
        for (String name : java.util.List.of("VisibilityTimeout", "DelaySeconds")) {
            Object value = properties.get(name);
            if (value instanceof Number || value instanceof String text && text.matches("\\d{1,5}")) {
                attributes.put(name, String.valueOf(value));
            }
        }
        return attributes;
    }

    /** The local ARN of the queue a {@code !GetAtt Queue.Arn} names. */
    private static String queueArn(SamTemplate template, Object getAtt) {
        Object target = SamTemplate.map(getAtt).getOrDefault("Fn::GetAtt", getAtt);
        String path = target instanceof java.util.List<?> list ? String.valueOf(list.get(0)) : String.valueOf(target);
        String queue = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        return "arn:aws:sqs:" + LocalValues.REGION + ":" + LocalValues.ACCOUNT + ":" + LocalValues.queueName(template, queue);
    }

    private static EmbeddedPostgres startPostgres(Path directory) {
        try {
            Files.createDirectories(directory.getParent());
            return EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(POSTGRES_PORT)
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + directory, e);
        }
    }

    static DataSource ownerDataSource() {
        PGSimpleDataSource owner = new PGSimpleDataSource();
        owner.setUrl("jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/postgres");
        owner.setUser("postgres");
        owner.setPassword("postgres");
        return owner;
    }

    private static void createAppLogin(DataSource owner) {
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    do $$
                    begin
                      if not exists (select from pg_roles where rolname = '%1$s') then
                        create role %1$s login password '%2$s' in role %3$s;
                      end if;
                    end
                    $$""".formatted(APP_USER, APP_PASSWORD, SchemaMigrator.APP_ROLE));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the local application login", e);
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What was started, printed by {@code local/run}. */
    static final class Report {
        private final Map<String, String> lines = new LinkedHashMap<>();

        void add(String what, String where) {
            lines.put(what, where);
        }

        Map<String, String> lines() {
            return lines;
        }
    }
}
