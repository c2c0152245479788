package io.scangate.verifier.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import net.openhft.chronicle.values.Values;

/**
 * The value classes in src/generated/java are what the Chronicle on the classpath generates, and
 * Chronicle takes them instead of compiling its own: a ledger opens without javac.
 */
class PregeneratedValueClassesTest {
    private static final Path ROOT = Path.of("src/generated/java");

    @Test
    void theCommittedSourcesAreWhatChronicleGeneratesToday() throws Exception {
        for (final Class<?> type : ValueClassSources.TYPES) {
            for (final String kind : ValueClassSources.KINDS) {
                final Path f = ValueClassSources.file(ROOT, type, kind);
                assertTrue(Files.exists(f), f + " missing: write it with ValueClassSources (its comment says how)");
                assertEquals(ValueClassSources.generate(type, kind), Files.readString(f),
                        f + " differs from what this Chronicle generates: write it again with ValueClassSources");
            }
        }
    }

    @Test
    void chronicleTakesThePrecompiledClassesInsteadOfCompilingItsOwn() {
        for (final Class<?> type : ValueClassSources.TYPES) {
            for (final Class<?> impl : new Class<?>[] {Values.nativeClassFor(type), Values.heapClassFor(type)}) {
                assertEquals(type.getName() + impl.getSimpleName().substring(impl.getSimpleName().indexOf("$$")), impl.getName());
                final var source = impl.getProtectionDomain().getCodeSource();
                assertTrue(source != null && source.getLocation().getPath().contains("verifier/target/classes"),
                        impl + " was not loaded from this module's classes but from " + source + " (compiled at run time)");
            }
        }
    }
}
