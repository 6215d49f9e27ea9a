import { describe, expect, it } from "vitest";
import { isBoilerplateLine, removeBoilerplate } from "../../../src/core/text/boilerplate.js";

describe("isBoilerplateLine", () => {
  const cases: Array<{ name: string; line: string; boilerplate: boolean }> = [
    { name: "read more", line: "Read more", boilerplate: true },
    { name: "continue reading", line: "Continue reading →", boilerplate: true },
    { name: "byline", line: "By Jane Doe and John Roe | Reuters", boilerplate: true },
    { name: "byline upper", line: "BY JANE DOE", boilerplate: true },
    {
      name: "prose starting with By",
      line: "By the end of the year, prices rose.",
      boilerplate: false,
    },
    {
      name: "photo caption with credit",
      line: "Iranian foreign minister Javad Zarif and Russian foreign minister Sergei Lavrov / Getty Images",
      boilerplate: true,
    },
    { name: "photo by", line: "Photo by John Smith", boilerplate: true },
    { name: "date line", line: "August 7, 2020", boilerplate: true },
    {
      name: "date line with weekday and time",
      line: "Friday, Aug. 7, 2020 5:30 pm EDT",
      boilerplate: true,
    },
    { name: "iso date", line: "2020-08-07", boilerplate: true },
    { name: "published under", line: "Published under: China , Iran , Russia", boilerplate: true },
    {
      name: "wordpress trailer",
      line: "The post Iran talks stall appeared first on Example News.",
      boilerplate: true,
    },
    {
      name: "prose mentioning Reuters",
      line: "The deal collapsed on Friday, Reuters reported.",
      boilerplate: false,
    },
    { name: "prose", line: "Iran and Russia have cooperated extensively.", boilerplate: false },
  ];
  for (const { name, line, boilerplate } of cases) {
    it(name, () => {
      expect(isBoilerplateLine(line)).toBe(boilerplate);
    });
  }
});

describe("removeBoilerplate", () => {
  const cases: Array<{ name: string; text: string; title?: string; expected: string }> = [
    {
      name: "inline wordpress trailer and read more",
      text: "Oil rose 3% on Monday. Read more…\nThe post Oil rises appeared first on Oil Daily.",
      expected: "Oil rose 3% on Monday.",
    },
    {
      name: "inline trailer at the end of a paragraph",
      text: "Oil rose 3% on Monday. The post Oil rises appeared first on Oil Daily.",
      expected: "Oil rose 3% on Monday.",
    },
    {
      name: "title repeated as the first line",
      title: "Oil rises",
      text: "Oil rises\nOil rose 3% on Monday.",
      expected: "Oil rose 3% on Monday.",
    },
    {
      name: "wire dateline",
      text: "WASHINGTON (Reuters) - The Senate voted on Tuesday.",
      expected: "The Senate voted on Tuesday.",
    },
    {
      name: "dateline with em dash",
      text: "LONDON — Prices fell.",
      expected: "Prices fell.",
    },
    {
      name: "a hyphen without an agency is no dateline",
      text: "U.S. - China talks resume in Geneva.",
      expected: "U.S. - China talks resume in Geneva.",
    },
    {
      name: "hellip marker",
      text: "Talks resumed in Vienna [&hellip;]",
      expected: "Talks resumed in Vienna",
    },
  ];
  for (const { name, text, title, expected } of cases) {
    it(name, () => {
      expect(removeBoilerplate(text, title === undefined ? {} : { title })).toBe(expected);
    });
  }
});
