package org.segmentofone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the analyst notebooks ({@code notebooks/*.sql}, Databricks SQL source format) with Spark
 * SQL: cells are split at {@code -- COMMAND ----------}, markdown cells ({@code -- MAGIC}) are
 * skipped, {@code CREATE WIDGET TEXT name DEFAULT '…'} cells declare the {@code ${name}} values (a
 * caller may override them), every other cell is one query that is run and collected.
 */
public final class Notebooks {
  public static final Path DIR = Path.of("../notebooks");
  static final String HEADER = "-- Databricks notebook source";
  static final String SEPARATOR = "-- COMMAND ----------";

  /** A cell that may legitimately return nothing says so in a comment line. */
  static final String MAY_BE_EMPTY = "-- may return no rows";

  private static final Pattern WIDGET =
      Pattern.compile(
          "(?is)\\s*CREATE\\s+WIDGET\\s+TEXT\\s+(\\w+)\\s+DEFAULT\\s+'([^']*)'\\s*;?\\s*");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)}");

  /** One query cell's outcome: its position, its SQL and the rows it returned. */
  public record CellRun(Path notebook, int cell, String sql, boolean mayBeEmpty, List<Row> rows) {}

  private Notebooks() {}

  public static List<Path> all() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs every query cell of a notebook; an exception names the notebook and the cell. Widget
   * values in {@code overrides} replace the notebook's defaults.
   */
  public static List<CellRun> run(
      SparkSession spark, Path notebook, Map<String, String> overrides) {
    String text = read(notebook);
    if (!text.startsWith(HEADER)) {
      throw new IllegalStateException(notebook + " does not start with '" + HEADER + "'");
    }
    Map<String, String> widgets = new HashMap<>();
    List<CellRun> out = new ArrayList<>();
    String[] cells = text.substring(HEADER.length()).split("\n" + Pattern.quote(SEPARATOR) + "\n");
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i].strip();
      if (cell.isEmpty() || isMarkdown(cell)) {
        continue;
      }
      Matcher w = WIDGET.matcher(cell);
      if (w.matches()) {
        widgets.put(w.group(1), overrides.getOrDefault(w.group(1), w.group(2)));
        continue;
      }
      String sql = substitute(cell, widgets, notebook, i);
      try {
        out.add(
            new CellRun(
                notebook,
                i,
                sql,
                cell.contains(MAY_BE_EMPTY),
                spark.sql(stripSemicolon(sql)).collectAsList()));
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            notebook.getFileName() + " cell " + i + " failed: " + e.getMessage() + "\n" + sql, e);
      }
    }
    return out;
  }

  private static boolean isMarkdown(String cell) {
    return cell.lines().allMatch(l -> l.isBlank() || l.startsWith("-- MAGIC"));
  }

  private static String substitute(String sql, Map<String, String> widgets, Path nb, int cell) {
    Matcher m = REFERENCE.matcher(sql);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = widgets.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException(
            nb.getFileName()
                + " cell "
                + cell
                + " uses ${"
                + m.group(1)
                + "}, no widget declares it");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String stripSemicolon(String sql) {
    String s = sql.strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
