package dev.earlywarning.commons.persistence;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One table's column specification, and everything derived from it: the select list, the batch
 * {@code INSERT … SELECT FROM unnest(…)} and {@code UPDATE … FROM unnest(…)} statements with their
 * arrays, and the row mapping to the record the table stores. The record's components and the
 * columns are matched by name ({@code customerId} is {@code customer_id}) and checked against each
 * other when the specification is built, so a column added to the record and not to the table (or
 * the other way round) fails at start, not on the first write.
 */
public final class RecordTable<R extends Record> {

    /** A column's SQL type, and how its values travel. */
    public enum Type {
        TEXT("text"), UUID("uuid"), INT("int4"), BIGINT("int8"), FLOAT8("float8"), BOOL("bool"),
        TIMESTAMPTZ("timestamptz"), BYTEA("bytea"),
        /**
         * Stored as jsonb, travels as text: Jackson both ways, or as it is for a {@code String}
         * component (JSON written once by the caller, for a value stored in two tables).
         */
        JSONB("jsonb"),
        /** Like {@link #JSONB}, stored as json: the text kept as written (no parsing into jsonb on insert). */
        JSON("json"),
        /**
         * Like {@link #JSON}, stored as text: for JSON only this service writes (Jackson) and reads
         * whole, the database spends nothing validating it on insert (a parse of every value).
         */
        JSON_TEXT("text");

        boolean json() {
            return this == JSONB || this == JSON || this == JSON_TEXT;
        }

        final String sql;

        Type(String sql) {
            this.sql = sql;
        }
    }

    private record Column(String name, Type type, RecordComponent component, JavaType json, String generated,
                          String wrapper) {
        boolean carried() {
            return generated == null;
        }
    }

    private final String table;
    private final List<Column> columns;
    private final Constructor<R> canonical;
    private final ObjectMapper mapper;

    private RecordTable(String table, Class<R> type, Map<String, Type> spec, Map<String, String> generated,
                        Map<String, String> wrappers, ObjectMapper mapper) {
        this.table = table;
        this.mapper = mapper;
        Map<String, RecordComponent> components = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            components.put(snake(c.getName()), c);
        }
        Set<String> missing = new TreeSet<>(components.keySet());
        missing.removeAll(spec.keySet());
        Set<String> extra = new TreeSet<>(spec.keySet());
        extra.removeAll(components.keySet());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalStateException("Table " + table + " and " + type.getSimpleName() + " differ: columns "
                    + missing + " have no place in the specification, " + extra + " no component in the record");
        }
        List<Column> list = new ArrayList<>();
        components.forEach((name, component) -> list.add(new Column(name, spec.get(name), component,
                spec.get(name).json() ? mapper.constructType(component.getGenericType()) : null,
                generated.get(name), wrappers.get(name))));
        this.columns = List.copyOf(list);
        try {
            this.canonical = type.getDeclaredConstructor(Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("No canonical constructor on " + type, e);
        }
    }

    /** Starts a specification; columns in any order, each record component exactly once. */
    public static <R extends Record> Builder<R> of(String table, Class<R> type) {
        return new Builder<>(table, type);
    }

    public static final class Builder<R extends Record> {
        private final String table;
        private final Class<R> type;
        private final Map<String, Type> spec = new LinkedHashMap<>();
        private final Map<String, String> generated = new HashMap<>();
        private final Map<String, String> wrappers = new HashMap<>();

        private Builder(String table, Class<R> type) {
            this.table = table;
            this.type = type;
        }

        public Builder<R> column(String name, Type sqlType) {
            if (spec.put(name, sqlType) != null) {
                throw new IllegalStateException("Column " + name + " twice in " + table);
            }
            return this;
        }

        /** A column the database fills on insert ({@code expression}, e.g. a sequence's nextval); read, never written. */
        public Builder<R> generated(String name, Type sqlType, String expression) {
            generated.put(name, expression);
            return column(name, sqlType);
        }

        /** A JSON column that holds the value as one field of an object: {@code {"<field>": value}}. */
        public Builder<R> jsonIn(String name, String field) {
            wrappers.put(name, field);
            return column(name, Type.JSONB);
        }

        public RecordTable<R> build(ObjectMapper mapper) {
            return new RecordTable<>(table, type, spec, generated, wrappers, mapper);
        }
    }

    public String table() {
        return table;
    }

    /** The select list, JSON read as text (so instants and numbers keep their exact form). */
    public String selectList() {
        return columns.stream().map(c -> c.type.json() ? c.name + "::text AS " + c.name : c.name)
                .collect(Collectors.joining(", "));
    }

    /** {@code SELECT <columns> FROM <table> } followed by the caller's clause. */
    public String select(String clause) {
        return "SELECT " + selectList() + " FROM " + table + " " + clause;
    }

    /**
     * Inserts the rows of {@link #arrays} in one statement, in their order (generated ids and sequence
     * numbers follow it), then {@code suffix} (an {@code ON CONFLICT} clause, or nothing).
     */
    public String insert(String suffix) {
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + names + ") SELECT " + columns.stream()
                .map(c -> !c.carried() ? c.generated : c.type.json() ? c.name + "::" + c.type.sql : c.name)
                .collect(Collectors.joining(", "))
                + " FROM " + unnest(true) + " ORDER BY t.n" + (suffix == null ? "" : " " + suffix);
    }

    /**
     * Inserts the rows of {@link #arrays}, a row whose {@code key} exists already updating every other
     * column, then {@code alsoSet} (more assignments, or null).
     */
    public String upsert(String key, String alsoSet) {
        String set = columns.stream().filter(c -> !c.name.equals(key) && c.carried())
                .map(c -> c.name + " = excluded." + c.name).collect(Collectors.joining(", "));
        return insert("ON CONFLICT (" + key + ") DO UPDATE SET " + set + (alsoSet == null ? "" : ", " + alsoSet));
    }

    /**
     * Updates the rows of {@link #arrays} by {@code key}, every other column from the arrays unless
     * {@code computed} gives its expression over the table's row {@code r} (for example a version
     * counter: {@code r.version + 1}).
     */
    public String update(String key, Map<String, String> computed) {
        String set = columns.stream().filter(c -> !c.name.equals(key) && c.carried())
                .map(c -> c.name + " = " + computed.getOrDefault(c.name,
                        c.type.json() ? "t." + c.name + "::" + c.type.sql : "t." + c.name))
                .collect(Collectors.joining(", "));
        return "UPDATE " + table + " r SET " + set + " FROM " + unnest(false) + " WHERE r." + key + " = t." + key;
    }

    private String unnest(boolean ordinality) {
        List<Column> carried = columns.stream().filter(Column::carried).toList();
        StringBuilder s = new StringBuilder("unnest(");
        for (int i = 0; i < carried.size(); i++) {
            Type type = carried.get(i).type;
            s.append(i == 0 ? "" : ", ").append('$').append(i + 1).append("::")
                    .append(type.json() ? "text" : type.sql).append("[]");
        }
        s.append(")").append(ordinality ? " WITH ORDINALITY" : "").append(" AS t(")
                .append(carried.stream().map(Column::name).collect(Collectors.joining(", ")));
        return s.append(ordinality ? ", n)" : ")").toString();
    }

    /** The rows as one array per column, in the order the statements' parameters take them. */
    public Tuple arrays(List<R> rows) {
        List<Object> arrays = new ArrayList<>(columns.size());
        for (Column c : columns) {
            if (!c.carried()) {
                continue;
            }
            Object array = Array.newInstance(arrayType(c.type), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Array.set(array, i, toSql(c, value(c, rows.get(i))));
            }
            arrays.add(array);
        }
        return Tuple.tuple(arrays);
    }

    /** A row of {@link #selectList} as the record. */
    public R read(Row row) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = fromSql(columns.get(i), row);
        }
        try {
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build a " + canonical.getDeclaringClass().getSimpleName()
                    + " from a row of " + table, e);
        }
    }

    private static Object value(Column c, Record row) {
        try {
            return c.component.getAccessor().invoke(row);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + c.component.getName(), e);
        }
    }

    private Object toSql(Column c, Object value) {
        if (value == null) {
            return null;
        }
        return switch (c.type) {
            case TEXT -> value instanceof Enum<?> e ? e.name() : value;
            case TIMESTAMPTZ -> OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC);
            case BYTEA -> io.vertx.core.buffer.Buffer.buffer((byte[]) value);
            case JSONB, JSON, JSON_TEXT -> {
                if (value instanceof String json) {
                    yield json;
                }
                try {
                    yield mapper.writeValueAsString(c.wrapper == null ? value : Map.of(c.wrapper, value));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("Not serialisable into " + table + "." + c.name, e);
                }
            }
            default -> value;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object fromSql(Column c, Row row) {
        Class<?> type = c.component.getType();
        Object value = switch (c.type) {
            case TEXT -> {
                String text = row.getString(c.name);
                yield text != null && type.isEnum() ? Enum.valueOf((Class<? extends Enum>) type, text) : text;
            }
            case UUID -> row.getUUID(c.name);
            case INT -> row.getInteger(c.name);
            case BIGINT -> row.getLong(c.name);
            case FLOAT8 -> row.getDouble(c.name);
            case BOOL -> row.getBoolean(c.name);
            case TIMESTAMPTZ -> {
                OffsetDateTime at = row.getOffsetDateTime(c.name);
                yield at == null ? null : at.toInstant();
            }
            case BYTEA -> {
                io.vertx.mutiny.core.buffer.Buffer bytes = row.getBuffer(c.name);
                yield bytes == null ? null : bytes.getBytes();
            }
            case JSONB, JSON, JSON_TEXT -> {
                String text = row.getString(c.name);
                if (type == String.class) {
                    yield text;
                }
                try {
                    if (text == null) {
                        yield null;
                    }
                    yield c.wrapper == null ? mapper.readValue(text, c.json)
                            : mapper.convertValue(mapper.readTree(text).get(c.wrapper), c.json);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("A stored " + table + "." + c.name + " is not readable", e);
                }
            }
        };
        if (value == null && type.isPrimitive()) {
            throw new IllegalStateException(table + "." + c.name + " is null for a " + type);
        }
        return value;
    }

    private static final Map<Type, Class<?>> ARRAY_TYPES = new HashMap<>(Map.ofEntries(Map.entry(Type.TEXT, String.class),
            Map.entry(Type.UUID, UUID.class), Map.entry(Type.INT, Integer.class), Map.entry(Type.BIGINT, Long.class),
            Map.entry(Type.FLOAT8, Double.class), Map.entry(Type.BOOL, Boolean.class),
            Map.entry(Type.TIMESTAMPTZ, OffsetDateTime.class), Map.entry(Type.JSONB, String.class),
            Map.entry(Type.JSON, String.class), Map.entry(Type.JSON_TEXT, String.class),
            Map.entry(Type.BYTEA, io.vertx.core.buffer.Buffer.class)));

    private static Class<?> arrayType(Type type) {
        return ARRAY_TYPES.get(type);
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
