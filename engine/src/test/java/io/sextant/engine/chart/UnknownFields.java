package io.sextant.engine.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds fields of a parsed object that are not in the Kubernetes API schema. fabric8 never rejects
 * an unknown field: it keeps it in the nearest object's {@code additionalProperties}, so a typo such
 * as {@code secretKeyref} would parse silently. This walks the typed object tree and reports them.
 */
final class UnknownFields {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {}

    /** Paths such as {@code Deployment/sextant: spec.template.spec.containers[0].bogus}; empty when all are known. */
    static List<String> of(HasMetadata object) {
        List<String> found = new ArrayList<>();
        if (!(object instanceof GenericKubernetesResource)) {
            walk(object, object.getKind() + "/" + object.getMetadata().getName() + ":", found);
        }
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value instanceof Collection) {
            int i = 0;
            for (Object item : (Collection<?>) value) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map) {
            ((Map<?, ?>) value).forEach((key, item) -> walk(item, path + "[" + key + "]", found));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map && !((Map<?, ?>) child).isEmpty()) {
                    ((Map<?, ?>) child).keySet().forEach(key -> found.add(path + " " + key));
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            walk(child, path.endsWith(":") ? path + " " + field : path + "." + field, found);
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter + ": " + e, e);
        }
    }
}
