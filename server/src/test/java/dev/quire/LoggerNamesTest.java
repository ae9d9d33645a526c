package dev.quire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * A log line's category is the class that wrote it, so that a logger can be turned up or down for one class and a
 * line leads to its code. The only exceptions are categories named on purpose for operators.
 */
class LoggerNamesTest {
    /** Categories that are not a class: the access log (docs/operations.md). */
    private static final Set<String> NAMED_ON_PURPOSE = Set.of("dev.quire.access");

    @Test
    void everyClassLogsUnderItsOwnName() throws IllegalAccessException {
        List<String> wrong = new ArrayList<>();
        int loggers = 0;
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.quire")) {
            for (Field field : type.reflect().getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) || !Logger.class.isAssignableFrom(field.getType())) {
                    continue;
                }
                field.setAccessible(true);
                String name = ((Logger) field.get(null)).getName();
                loggers++;
                if (!name.equals(type.getName()) && !NAMED_ON_PURPOSE.contains(name)) {
                    wrong.add(type.getName() + " logs as " + name);
                }
            }
        }
        assertTrue(loggers > 20, "found the loggers: " + loggers);
        assertEquals(List.of(), wrong);
    }
}
