package dev.earlywarning.system.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * The part of Kustomize the manifests use, to render them in a test without kubectl: resources
 * (files and directories with a kustomization), strategic-merge patches (by kind and name, or to
 * every object of a target kind; maps merged, a null removes, lists of named items merged by name),
 * the namespace and image tags. The committed renderings of real kustomize
 * (deploy/kubernetes/rendered) are checked against it, so it cannot drift from kustomize unseen.
 */
final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Kustomize() {
    }

    static List<ObjectNode> render(Path dir) throws IOException {
        JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(render(path));
            } else {
                objects.addAll(read(path));
            }
        }
        for (JsonNode patch : kustomization.path("patches")) {
            JsonNode target = patch.get("target");
            for (ObjectNode body : read(dir.resolve(patch.get("path").asText()))) {
                boolean applied = false;
                for (ObjectNode object : objects) {
                    boolean matches = target != null
                            ? object.path("kind").asText().equals(target.path("kind").asText())
                            && (!target.has("name") || name(object).equals(target.get("name").asText()))
                            : object.path("kind").asText().equals(body.path("kind").asText())
                            && name(object).equals(name(body));
                    if (matches) {
                        ObjectNode content = body.deepCopy();
                        // What the patch says, not which object it is: the target chooses that.
                        content.remove(List.of("apiVersion", "kind"));
                        if (content.get("metadata") instanceof ObjectNode metadata) {
                            metadata.remove("name");
                        }
                        merge(object, content);
                        applied = true;
                    }
                }
                if (!applied) {
                    throw new IllegalStateException("The patch " + patch + " matches no object");
                }
            }
        }
        if (kustomization.has("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            for (ObjectNode object : objects) {
                if (!object.path("kind").asText().equals("Namespace")) {
                    ((ObjectNode) object.get("metadata")).put("namespace", namespace);
                }
            }
        }
        for (JsonNode image : kustomization.path("images")) {
            for (ObjectNode object : objects) {
                for (JsonNode container : object.at("/spec/template/spec/containers")) {
                    if (container.path("image").asText().equals(image.get("name").asText())) {
                        ((ObjectNode) container).put("image", image.path("newName").asText(image.get("name").asText())
                                + ":" + image.get("newTag").asText());
                    }
                }
            }
        }
        return objects;
    }

    static List<ObjectNode> read(Path file) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc instanceof ObjectNode object && !object.isEmpty()) {
                    docs.add(object);
                }
            }
        }
        return docs;
    }

    static String name(JsonNode object) {
        return object.at("/metadata/name").asText();
    }

    private static void merge(ObjectNode into, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode current = into.get(field.getKey());
            JsonNode value = field.getValue();
            if (value.isNull()) {
                into.remove(field.getKey());
            } else if (current instanceof ObjectNode currentObject && value instanceof ObjectNode valueObject) {
                merge(currentObject, valueObject);
            } else if (current instanceof ArrayNode currentList && value instanceof ArrayNode valueList
                    && named(currentList) && named(valueList)) {
                for (JsonNode item : valueList) {
                    JsonNode same = null;
                    for (JsonNode existing : currentList) {
                        same = existing.get("name").equals(item.get("name")) ? existing : same;
                    }
                    if (same == null) {
                        currentList.add(item.deepCopy());
                    } else {
                        merge((ObjectNode) same, (ObjectNode) item);
                    }
                }
            } else {
                into.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private static boolean named(ArrayNode list) {
        for (JsonNode item : list) {
            if (!(item instanceof ObjectNode) || !item.has("name")) {
                return false;
            }
        }
        return !list.isEmpty();
    }
}
