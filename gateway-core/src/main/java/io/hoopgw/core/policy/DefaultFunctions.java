package io.hoopgw.core.policy;

import java.util.List;
import java.util.stream.Stream;

/**
 * The built-in functions any rule may call unless a policy replaces the list: scalar, aggregate, window and
 * catalog-introspection functions that psql's backslash commands, pgjdbc's DatabaseMetaData, DBeaver and ORMs send.
 *
 * <p>Left off on purpose: everything that reads or writes server files ({@code pg_read_file}, {@code pg_ls_dir},
 * {@code lo_import}, {@code lo_export}), reaches other servers ({@code dblink*}), changes settings
 * ({@code set_config}), signals or stalls backends ({@code pg_terminate_backend}, {@code pg_cancel_backend},
 * {@code pg_sleep}, advisory locks) or changes sequences outside an INSERT ({@code setval}).
 */
public final class DefaultFunctions {
    private static final List<String> NAMES = List.of(
            // strings
            "lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length", "bit_length",
            "substring", "substr", "position", "strpos", "overlay", "trim", "btrim", "ltrim", "rtrim", "lpad", "rpad",
            "replace", "translate", "concat", "concat_ws", "format", "left", "right", "repeat", "reverse",
            "split_part", "starts_with", "string_to_array", "array_to_string", "regexp_replace", "regexp_match",
            "regexp_matches", "regexp_split_to_array", "regexp_split_to_table", "quote_ident", "quote_literal",
            "quote_nullable", "md5", "encode", "decode", "to_hex", "ascii", "chr", "normalize", "unistr",
            // numbers
            "abs", "ceil", "ceiling", "floor", "round", "trunc", "mod", "power", "sqrt", "cbrt", "exp", "ln", "log",
            "log10", "sign", "pi", "random", "div", "greatest", "least", "width_bucket", "to_number", "gcd", "lcm",
            // dates and times
            "now", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
            "clock_timestamp", "statement_timestamp", "transaction_timestamp", "date_trunc", "date_part", "extract",
            "age", "make_date", "make_time", "make_timestamp", "make_timestamptz", "make_interval", "to_char",
            "to_date", "to_timestamp", "justify_days", "justify_hours", "justify_interval", "isfinite", "timezone",
            "date_bin",
            // conditionals and casts
            "coalesce", "nullif", "cast",
            // aggregates and windows
            "count", "sum", "avg", "min", "max", "string_agg", "array_agg", "bool_and", "bool_or", "every",
            "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev", "stddev_pop", "stddev_samp",
            "variance", "var_pop", "var_samp", "percentile_cont", "percentile_disc", "mode", "corr", "covar_pop",
            "covar_samp", "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
            "first_value", "last_value", "nth_value",
            // arrays, JSON, ranges, sets
            "array_length", "array_upper", "array_lower", "array_ndims", "array_dims", "array_position",
            "array_positions", "array_append", "array_prepend", "array_cat", "array_remove", "array_replace",
            "cardinality", "unnest", "generate_series", "generate_subscripts", "to_json", "to_jsonb",
            "json_build_object", "jsonb_build_object", "json_build_array", "jsonb_build_array",
            "json_extract_path", "json_extract_path_text", "jsonb_extract_path", "jsonb_extract_path_text",
            "jsonb_set", "jsonb_insert", "jsonb_pretty", "jsonb_typeof", "json_typeof", "jsonb_array_elements",
            "json_array_elements", "jsonb_array_elements_text", "json_array_elements_text", "jsonb_each",
            "json_each", "jsonb_each_text", "json_each_text", "jsonb_object_keys", "json_object_keys",
            "jsonb_array_length", "json_array_length", "jsonb_strip_nulls", "jsonb_path_query", "jsonb_path_exists",
            "row_to_json", "lower_inf", "upper_inf", "isempty", "range_merge", "gen_random_uuid",
            // sequences, as INSERT defaults and ORMs use them
            "nextval", "currval", "lastval",
            // session and server information
            "current_database", "current_catalog", "current_schema", "current_schemas", "current_user",
            "session_user", "current_role", "user", "version", "current_setting", "inet_server_addr",
            "inet_server_port", "inet_client_addr", "pg_backend_pid", "pg_postmaster_start_time",
            "pg_conf_load_time", "pg_is_in_recovery", "txid_current", "pg_current_xact_id", "pg_client_encoding",
            "pg_encoding_to_char", "pg_char_to_encoding", "pg_jit_available", "pg_get_keywords",
            // catalog introspection (psql \d, pgjdbc, DBeaver)
            "format_type", "pg_get_expr", "pg_get_userbyid", "pg_get_constraintdef", "pg_get_indexdef",
            "pg_get_triggerdef", "pg_get_viewdef", "pg_get_ruledef", "pg_get_functiondef",
            "pg_get_function_arguments", "pg_get_function_identity_arguments", "pg_get_function_result",
            "pg_get_function_sqlbody", "pg_get_serial_sequence", "pg_get_partkeydef",
            "pg_get_partition_constraintdef", "pg_get_statisticsobjdef", "pg_get_statisticsobjdef_columns",
            "pg_get_statisticsobjdef_expressions", "pg_get_publication_tables", "pg_partition_ancestors",
            "pg_partition_root", "pg_partition_tree", "pg_relation_is_publishable", "pg_table_is_visible",
            "pg_type_is_visible", "pg_function_is_visible", "pg_operator_is_visible", "pg_opclass_is_visible",
            "pg_collation_is_visible", "pg_conversion_is_visible", "pg_ts_config_is_visible",
            "pg_statistics_obj_is_visible", "obj_description", "col_description", "shobj_description",
            "pg_describe_object", "pg_identify_object", "pg_typeof", "pg_column_size", "pg_relation_size",
            "pg_total_relation_size", "pg_table_size", "pg_indexes_size", "pg_database_size",
            "pg_tablespace_size", "pg_size_pretty", "pg_relation_filenode", "pg_tablespace_location",
            "pg_index_column_has_property", "pg_index_has_property", "pg_indexam_has_property",
            "pg_get_object_address", "pg_options_to_table", "_pg_expandarray", "_pg_char_max_length",
            "_pg_numeric_precision", "_pg_numeric_scale", "_pg_truetypid", "_pg_truetypmod",
            "has_table_privilege", "has_column_privilege", "has_any_column_privilege", "has_schema_privilege",
            "has_database_privilege", "has_function_privilege", "has_sequence_privilege", "has_type_privilege",
            "has_tablespace_privilege", "has_foreign_data_wrapper_privilege", "has_server_privilege",
            "has_language_privilege", "pg_has_role", "array_in", "array_out", "regclass", "to_regclass",
            "to_regtype", "to_regproc", "to_regnamespace", "to_regrole");

    /** The default allow-list as patterns. */
    public static final List<FunctionPattern> PATTERNS = Stream.concat(
            NAMES.stream().map(FunctionPattern::parse),
            Stream.of(FunctionPattern.parse("information_schema._pg_*"))).toList();

    private DefaultFunctions() {
    }
}
