import type { Level, Resolving } from "./resolve-level";

/** Computed facts and shared conditions: a child adds its own, never redefines an inherited one. */
export function applyDefinitions(state: Resolving, { content, report }: Level): void {
  for (const [name, expression] of Object.entries(content.computed ?? {})) {
    if (name in state.computed) report(`$.computed.${name}`, `计算项 ${name} 已由上级规则集定义，不能覆盖`);
    else state.computed[name] = expression;
  }
  for (const [name, condition] of Object.entries(content.conditions ?? {})) {
    if (name in state.conditions) report(`$.conditions.${name}`, `共享条件 ${name} 已由上级规则集定义，不能覆盖`);
    else state.conditions[name] = condition;
  }
}

/** Indicators: a child only adds new ones. */
export function applyIndicators(state: Resolving, { content, parentId, report }: Level): void {
  for (const [i, indicator] of (content.indicators ?? []).entries()) {
    if (state.indicators.some((x) => x.id === indicator.id)) {
      report(
        `$.indicators[${i}]`,
        parentId ? `指标 ${indicator.id} 已由上级规则集定义，下级只能新增指标` : `指标 ${indicator.id} 重复`,
      );
    } else state.indicators.push(indicator);
  }
}

/** Rules: a new id adds a rule, a parent's id replaces it, `disable` switches it off — never a required one. */
export function applyRules(state: Resolving, { rulesetId, content, report }: Level): void {
  const own = new Set<string>();
  for (const [i, rule] of (content.rules ?? []).entries()) {
    const path = `$.rules[${i}]`;
    if (own.has(rule.id)) {
      report(`${path}.id`, `规则 ${rule.id} 在本文件中重复`);
      continue;
    }
    own.add(rule.id);
    const at = state.rules.findIndex((r) => r.id === rule.id);
    if (at >= 0 && state.rules[at].required) {
      const origin = state.ruleOrigin.get(rule.id)!;
      report(path, `规则 ${rule.id} 是上级规则集 ${origin} 的必选规则，不能替换`, origin, `rule ${rule.id} (required)`);
      continue;
    }
    if (at >= 0) state.rules[at] = rule;
    else state.rules.push(rule);
    state.ruleOrigin.set(rule.id, rulesetId);
  }
  for (const [i, ruleId] of (content.disable ?? []).entries()) {
    const path = `$.disable[${i}]`;
    const rule = state.rules.find((r) => r.id === ruleId);
    if (!rule || own.has(ruleId)) {
      report(path, `要停用的规则 ${ruleId} 在上级规则集中不存在`);
      continue;
    }
    if (rule.required) {
      const origin = state.ruleOrigin.get(ruleId)!;
      report(path, `规则 ${ruleId} 是上级规则集 ${origin} 的必选规则，不能停用`, origin, `rule ${ruleId} (required)`);
      continue;
    }
    state.rules = state.rules.filter((r) => r.id !== ruleId);
  }
}

/** Consistency checks: a child adds its own; an inherited one can be neither replaced nor removed. */
export function applyChecks(state: Resolving, { rulesetId, content, report }: Level): void {
  for (const [i, check] of (content.checks ?? []).entries()) {
    const origin = state.checkOrigin.get(check.id);
    if (origin) {
      report(
        `$.checks[${i}].id`,
        origin === rulesetId
          ? `检查 ${check.id} 在本文件中重复`
          : `检查 ${check.id} 已由上级规则集 ${origin} 定义，下级只能新增检查`,
        origin === rulesetId ? undefined : origin,
        origin === rulesetId ? undefined : `check ${check.id}`,
      );
      continue;
    }
    state.checks.push(check);
    state.checkOrigin.set(check.id, rulesetId);
  }
}

/** Grades belong to the root; a child moves their thresholds through params. */
export function applyGrades(state: Resolving, { content, parentId, report }: Level): void {
  if (!content.grades) return;
  if (!parentId) state.grades = content.grades;
  else report("$.grades", "下级规则集不能修改等次，只能通过参数调整分数线等阈值", parentId, "grades");
}
