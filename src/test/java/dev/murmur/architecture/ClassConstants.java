package dev.murmur.architecture;

import com.tngtech.archunit.core.domain.JavaClass;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text constants of a compiled class: the UTF-8 entries of its constant pool, where javac keeps
 * every string literal and text block (JVMS 4.4). ArchUnit sees types and calls but not strings;
 * this is what lets a rule look at the SQL a class carries.
 */
final class ClassConstants {

    private ClassConstants() {
    }

    /** Every UTF-8 constant of {@code javaClass} (names and descriptors as well as literals). */
    static List<String> strings(JavaClass javaClass) {
        var source = javaClass.getSource().orElseThrow(() -> new IllegalStateException("no class file for " + javaClass.getName()));
        try (InputStream in = source.getUri().toURL().openStream()) {
            return utf8Entries(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source.getUri(), e);
        }
    }

    static List<String> utf8Entries(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        List<String> strings = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> strings.add(in.readUTF()); // Utf8: u2 length + modified UTF-8, what readUTF reads
                case 3, 4 -> in.skipNBytes(4); // Integer, Float
                case 5, 6 -> { // Long, Double take two slots
                    in.skipNBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2); // Class, String, MethodType, Module, Package
                case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // refs, NameAndType, Dynamic, InvokeDynamic
                case 15 -> in.skipNBytes(3); // MethodHandle
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        return strings;
    }
}
