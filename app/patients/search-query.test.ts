import { describe, expect, it } from "vitest";
import { escapeLike, parseSearchQuery } from "./search-query";

describe("parseSearchQuery", () => {
  it("treats nothing, or only spaces, as no search", () => {
    expect(parseSearchQuery("")).toEqual({ kind: "empty" });
    expect(parseSearchQuery("   ")).toEqual({ kind: "empty" });
    expect(parseSearchQuery(null)).toEqual({ kind: "empty" });
    expect(parseSearchQuery(" , ")).toEqual({ kind: "empty" });
  });

  it("reads an MRN in any case", () => {
    expect(parseSearchQuery("K100023")).toEqual({ kind: "mrn", mrn: "K100023" });
    expect(parseSearchQuery(" k100023 ")).toEqual({ kind: "mrn", mrn: "K100023" });
  });

  it("reads dates of birth in ISO and US order", () => {
    expect(parseSearchQuery("1980-05-17")).toEqual({ kind: "dob", dateOfBirth: "1980-05-17" });
    expect(parseSearchQuery("05/17/1980")).toEqual({ kind: "dob", dateOfBirth: "1980-05-17" });
    expect(parseSearchQuery("5/7/1980")).toEqual({ kind: "dob", dateOfBirth: "1980-05-07" });
    expect(parseSearchQuery("05-17-1980")).toEqual({ kind: "dob", dateOfBirth: "1980-05-17" });
    expect(parseSearchQuery("2000-02-29")).toEqual({ kind: "dob", dateOfBirth: "2000-02-29" });
  });

  it("refuses dates that do not exist instead of searching for something else", () => {
    expect(parseSearchQuery("1981-02-29")).toMatchObject({ kind: "invalid" });
    expect(parseSearchQuery("13/01/1980")).toMatchObject({ kind: "invalid" });
    expect(parseSearchQuery("1980-04-31")).toMatchObject({ kind: "invalid" });
  });

  it("reads phone numbers and partial phone numbers as digits", () => {
    expect(parseSearchQuery("(415) 555-0101")).toEqual({ kind: "phone", digits: "4155550101" });
    expect(parseSearchQuery("+1 415.555.0101")).toEqual({ kind: "phone", digits: "14155550101" });
    expect(parseSearchQuery("0101")).toEqual({ kind: "phone", digits: "0101" });
    expect(parseSearchQuery("415-555")).toEqual({ kind: "phone", digits: "415555" });
  });

  it("asks for enough digits, and not too many", () => {
    expect(parseSearchQuery("123")).toMatchObject({ kind: "invalid" });
    expect(parseSearchQuery("()-")).toMatchObject({ kind: "invalid" });
    expect(parseSearchQuery("1234567890123456")).toMatchObject({ kind: "invalid" });
  });

  it("splits names into words, keeping case for the database to fold", () => {
    expect(parseSearchQuery("ann")).toEqual({ kind: "name", words: ["ann"] });
    expect(parseSearchQuery("  Ann   Nguyen ")).toEqual({ kind: "name", words: ["Ann", "Nguyen"] });
    expect(parseSearchQuery("Nguyen, Ann")).toEqual({ kind: "name", words: ["Nguyen", "Ann"] });
    expect(parseSearchQuery("O'Brien-Smith")).toEqual({ kind: "name", words: ["O'Brien-Smith"] });
    expect(parseSearchQuery("ann ann")).toEqual({ kind: "name", words: ["ann"] });
  });

  it("keeps Unicode names whole and composes decomposed letters", () => {
    expect(parseSearchQuery("Zoë Nguyễn")).toEqual({ kind: "name", words: ["Zoë", "Nguyễn"] });
    expect(parseSearchQuery("Łukasz Żółć")).toEqual({ kind: "name", words: ["Łukasz", "Żółć"] });
    const decomposed = "Zoe\u0308";
    expect(parseSearchQuery(decomposed)).toEqual({ kind: "name", words: ["Zo\u00eb"] });
  });

  it("treats words mixing letters and digits as a name", () => {
    expect(parseSearchQuery("K100023 Ann")).toEqual({ kind: "name", words: ["K100023", "Ann"] });
    expect(parseSearchQuery("K")).toEqual({ kind: "name", words: ["K"] });
  });

  it("limits the length and the number of words", () => {
    expect(parseSearchQuery("a".repeat(201))).toMatchObject({ kind: "invalid" });
    expect(parseSearchQuery("a b c d e f g")).toMatchObject({ kind: "invalid" });
    expect(parseSearchQuery("a b c d e f")).toMatchObject({ kind: "name" });
  });
});

describe("escapeLike", () => {
  it("escapes the wildcards and the escape character", () => {
    expect(escapeLike("100%")).toBe("100\\%");
    expect(escapeLike("O_Brien")).toBe("O\\_Brien");
    expect(escapeLike("a\\b")).toBe("a\\\\b");
    expect(escapeLike("Zoë")).toBe("Zoë");
  });
});
