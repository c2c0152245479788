package io.scangate.verifier.ledger;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Java sources Chronicle Values generates for the value interfaces the ledger's map uses
 * (through its package-private generator, as it does before compiling them at run time), kept in
 * {@code verifier/src/generated/java} so no JVM compiles them at its first map. After a Chronicle
 * upgrade that changes them (PregeneratedValueClassesTest fails), write them again from the
 * repository root:
 * <pre>
 *   mvn -q -o -pl verifier test-compile
 *   java @config/jvm.options -cp "verifier/target/test-classes:verifier/target/classes:$(cat cp.txt)" \
 *       io.scangate.verifier.ledger.ValueClassSources verifier/src/generated/java
 * </pre>
 * ({@code cp.txt}: {@code mvn -q -o -pl verifier dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class ValueClassSources {
    /** Every value interface a ledger's Chronicle Map makes an implementation of. */
    public static final List<Class<?>> TYPES = List.of(CodeRecord.class, net.openhft.chronicle.core.values.LongValue.class,
            net.openhft.chronicle.hash.VanillaGlobalMutableState.class);
    /** The two implementations of each, by the suffix Chronicle names them with. */
    public static final List<String> KINDS = List.of("$$Native", "$$Heap");

    private ValueClassSources() {
    }

    /** The source Chronicle generates for {@code type}'s {@code kind} implementation. */
    public static String generate(final Class<?> type, final String kind) throws ReflectiveOperationException {
        final Class<?> model = Class.forName("net.openhft.chronicle.values.ValueModel");
        final Class<?> generators = Class.forName("net.openhft.chronicle.values.Generators");
        final Method acquire = model.getDeclaredMethod("acquire", Class.class);
        final Method simpleName = model.getDeclaredMethod("simpleName");
        final Method generator = generators.getDeclaredMethod("$$Native".equals(kind) ? "generateNativeClass" : "generateHeapClass",
                model, String.class);
        acquire.setAccessible(true);
        simpleName.setAccessible(true);
        generator.setAccessible(true);
        final Object m = acquire.invoke(null, type);
        return (String) generator.invoke(null, m, simpleName.invoke(m) + kind);
    }

    /** Where {@code type}'s {@code kind} source lies under {@code root}. */
    public static Path file(final Path root, final Class<?> type, final String kind) {
        return root.resolve(type.getPackageName().replace('.', '/')).resolve(type.getSimpleName() + kind + ".java");
    }

    /** Writes every source under the directory in {@code args[0]}. */
    public static void main(final String[] args) throws IOException, ReflectiveOperationException {
        final Path root = Path.of(args[0]);
        for (final Class<?> type : TYPES) {
            for (final String kind : KINDS) {
                final Path f = file(root, type, kind);
                Files.createDirectories(f.getParent());
                Files.writeString(f, generate(type, kind));
                System.out.println("wrote " + f);
            }
        }
    }
}
