package com.agentmitra.codegen;

import com.agentmitra.schema.SchemaMigrator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.SchemaMappingType;
import org.jooq.meta.jaxb.Target;

/**
 * Generates the jOOQ classes of the data module from a real PostgreSQL 16: starts an embedded server, runs every
 * Flyway migration, then reads the {@code shared} and {@code audit} schemas and {@code lic_schema} as the template
 * tenant schema, generated under the name {@code tenant} so that it is always mapped to the caller's tenant at run
 * time (an unmapped query fails instead of reading a default tenant).
 *
 * <p>Usage: {@code GenerateJooq <output directory> <migrations directory>}. Skips all work when the migrations
 * are unchanged since the last generation into the same directory.
 */
public final class GenerateJooq {

    static final String PACKAGE = "com.agentmitra.data.jooq";
    static final String TEMPLATE_TENANT_SCHEMA = "lic_schema";
    static final String GENERATED_TENANT_SCHEMA = "tenant";
    /** Flyway's own table and the monthly/default partitions of partitioned tables are not part of the API. */
    static final String EXCLUDES = "flyway_schema_history|.*_p\\d{4}_\\d{2}|.*_default";

    private GenerateJooq() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GenerateJooq <output directory> <migrations directory>");
        }
        Path output = Path.of(args[0]);
        Path migrations = Path.of(args[1]);
        Path stamp = output.resolve(".migrations.sha256");
        String fingerprint = fingerprint(migrations);
        if (Files.exists(stamp) && Files.readString(stamp).equals(fingerprint)) {
            System.out.println("[codegen] migrations unchanged, jOOQ sources are up to date");
            return;
        }
        long started = System.nanoTime();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            new SchemaMigrator(postgres.getPostgresDatabase()).migrate();
            GenerationTool.generate(configuration(postgres.getJdbcUrl("postgres", "postgres"), output));
        }
        Files.writeString(stamp, fingerprint);
        System.out.printf("[codegen] jOOQ sources generated in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    static Configuration configuration(String jdbcUrl, Path output) {
        return new Configuration()
                .withJdbc(new Jdbc()
                        .withDriver("org.postgresql.Driver")
                        .withUrl(jdbcUrl)
                        .withUser("postgres")
                        .withPassword("postgres"))
                .withGenerator(new Generator()
                        .withName("org.jooq.codegen.JavaGenerator")
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withSchemata(
                                        new SchemaMappingType().withInputSchema("shared"),
                                        new SchemaMappingType().withInputSchema("audit"),
                                        new SchemaMappingType()
                                                .withInputSchema(TEMPLATE_TENANT_SCHEMA)
                                                .withOutputSchema(GENERATED_TENANT_SCHEMA))
                                .withExcludes(EXCLUDES)
                                .withForcedTypes(new ForcedType()
                                        .withName("INSTANT")
                                        .withIncludeTypes("(?i:timestamp(\\([0-9]\\))?\\s+with\\s+time\\s+zone|timestamptz)")))
                        .withGenerate(new Generate()
                                .withJavaTimeTypes(true)
                                .withRecords(true)
                                .withPojos(false)
                                .withDaos(false)
                                .withDeprecated(false)
                                .withGeneratedAnnotation(false)
                                .withComments(true))
                        .withTarget(new Target()
                                .withPackageName(PACKAGE)
                                .withDirectory(output.toString())
                                .withClean(true)));
    }

    /** A digest over every migration file's path and contents. */
    static String fingerprint(Path migrations) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(migrations)) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        for (Path file : files) {
            digest.update(migrations.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(file));
        }
        digest.update(GenerateJooq.class.getName().getBytes(StandardCharsets.UTF_8));
        digest.update(EXCLUDES.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }
}
