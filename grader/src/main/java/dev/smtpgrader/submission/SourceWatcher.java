package dev.smtpgrader.submission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Tells when a submission's source changes ({@code check --watch}): a {@link WatchService} on every folder of the
 * submission's tree (folders made later are watched as they appear), or on a single source file's folder for that
 * file alone. What is not the student's source is left out: dot files and folders (.git, editor swap files), editor
 * backups ({@code name~}), compiled files ({@code .pyc}, {@code .class}, {@code .o}), {@code __pycache__}, and the
 * folders given as ignored (the reports, when they are written inside the submission). A burst of changes (an editor
 * saving through a temporary file, a {@code git checkout}) is one change: it is over once {@link #DEBOUNCE} passes
 * without another.
 */
public final class SourceWatcher implements AutoCloseable {
    public static final Duration DEBOUNCE = Duration.ofMillis(300);
    private static final Set<String> COMPILED = Set.of(".pyc", ".pyo", ".class", ".o", ".obj", ".swp", ".swx", ".tmp");

    private final Path root;
    private final Path file;
    private final List<Path> ignored;
    private final WatchService service;
    private final Map<WatchKey, Path> folders = new HashMap<>();

    /**
     * @param source  the submission: a folder, or one source file
     * @param ignored folders inside it whose changes do not count
     */
    public SourceWatcher(Path source, List<Path> ignored) throws IOException {
        Path abs = source.toAbsolutePath().normalize();
        this.file = Files.isDirectory(abs) ? null : abs;
        this.root = file == null ? abs : abs.getParent();
        this.ignored = ignored.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.service = root.getFileSystem().newWatchService();
        if (file == null) {
            registerTree(root);
        } else {
            register(root);
        }
    }

    /**
     * Waits until a source file changed and the burst of changes is over; returns the changed files, relative to the
     * submission's folder, in order. Ends by interruption (InterruptedException).
     */
    public List<Path> awaitChange() throws InterruptedException {
        Set<Path> changed = new TreeSet<>();
        try {
            while (changed.isEmpty()) {
                handle(service.take(), changed);
            }
            // the burst is over when the debounce passes with nothing new
            long quietUntil = System.nanoTime() + DEBOUNCE.toNanos();
            while (true) {
                long left = quietUntil - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                WatchKey key = service.poll(left, TimeUnit.NANOSECONDS);
                if (key == null) {
                    break;
                }
                if (handle(key, changed)) {
                    quietUntil = System.nanoTime() + DEBOUNCE.toNanos();
                }
            }
        } catch (ClosedWatchServiceException e) {
            throw new InterruptedException("the watch was closed");
        }
        return List.copyOf(changed);
    }

    /** Takes a key's events; true when one of them is about the source. */
    private boolean handle(WatchKey key, Set<Path> changed) {
        Path dir = folders.get(key);
        boolean any = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                // events were lost: something changed, which is all that matters
                changed.add(Path.of("."));
                any = true;
                continue;
            }
            if (dir == null) {
                continue;
            }
            Path p = dir.resolve((Path) event.context());
            if (!counts(p)) {
                continue;
            }
            if (file == null && event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(p)) {
                try {
                    registerTree(p);
                    // what was written into it before it was watched
                    try (var files = Files.walk(p)) {
                        files.filter(Files::isRegularFile)
                                .filter(this::counts)
                                .forEach(f -> changed.add(root.relativize(f)));
                    }
                } catch (IOException | UncheckedIOException e) {
                    // it went away again; nothing in it to watch
                }
                any = true;
                continue;
            }
            if (Files.isDirectory(p)) {
                continue;
            }
            changed.add(root.relativize(p));
            any = true;
        }
        if (!key.reset()) {
            folders.remove(key);
        }
        return any;
    }

    /** Whether a change to this path is a change to the student's source. */
    boolean counts(Path p) {
        if (file != null) {
            return p.equals(file);
        }
        if (ignored.stream().anyMatch(p::startsWith)) {
            return false;
        }
        for (Path part : root.relativize(p)) {
            String n = part.toString();
            if (n.startsWith(".") || n.equals("__pycache__")) {
                return false;
            }
        }
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.endsWith("~") && !(dot > 0 && COMPILED.contains(name.substring(dot)));
    }

    private void registerTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root) && !counts(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                register(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void register(Path dir) throws IOException {
        WatchKey key = dir.register(
                service,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        folders.put(key, dir);
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
