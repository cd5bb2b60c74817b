package com.agentmitra.bench.coldstart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A Lambda zip as a child JVM's class path: unpacked once under {@code target/zips}, root first, then {@code lib/*}. */
final class ZipClassPath {

    private ZipClassPath() {}

    /** Lambda's class path for a zip: its root, then {@code lib/*}; the probe last so it shadows nothing. */
    static List<Path> of(Path unpacked, Path probe) throws IOException {
        List<Path> path = new ArrayList<>(List.of(unpacked));
        try (Stream<Path> jars = Files.list(unpacked.resolve("lib"))) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(path::add);
        }
        path.add(probe);
        return path;
    }

    /** Unpacks the zip under target/zips once (again when the zip is newer), refusing entries outside it. */
    static Path unpack(Path work, Path zip) throws IOException {
        Path target = work.resolve("zips").resolve(zip.getFileName().toString().replace(".zip", ""));
        Path stamp = target.resolve(".unpacked");
        if (Files.isRegularFile(stamp) && Files.getLastModifiedTime(stamp).compareTo(Files.getLastModifiedTime(zip)) >= 0) {
            return target;
        }
        deleteRecursively(target);
        Files.createDirectories(target);
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (++entries > 100_000) {
                    throw new IOException(zip + " has more than 100,000 entries");
                }
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException(zip + " has an entry outside the zip: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(stamp, zip.toString());
        return target;
    }

    /** A directory holding just these classes (copied from this class path), for a child JVM's class path. */
    static Path classDirectory(Path work, String name, List<Class<?>> classes) throws IOException {
        Path directory = work.resolve(name);
        deleteRecursively(directory);
        for (Class<?> type : classes) {
            String resource = type.getName().replace('.', '/') + ".class";
            Path file = directory.resolve(resource);
            Files.createDirectories(file.getParent());
            try (InputStream in = ZipClassPath.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no class file " + resource);
                }
                Files.copy(in, file);
            }
        }
        return directory;
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
