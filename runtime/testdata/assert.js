// Shared by the JS behaviour tests (runtime/testdata, bindings/kv/testdata): each test worker's fetch returns "ok" or throws.
export function eq(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: got ${a}, want ${e}`);
}

export async function rejects(promise, name, message, what) {
  try {
    await promise;
  } catch (e) {
    eq(e.constructor.name + ": " + e.message, name + ": " + message, what);
    return;
  }
  throw new Error(`${what}: did not reject`);
}
