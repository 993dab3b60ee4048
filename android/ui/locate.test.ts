import { errors } from '@appium/base-driver';
import { describe, expect, it } from 'vitest';
import { deleteDialogTree } from './delete-dialog.fixture.ts';
import { findNodes } from './locate.ts';
import { walk } from './node.ts';
import type { UiNode } from './node.ts';

const tree = deleteDialogTree();
const keys = (nodes: UiNode[]): string[] => nodes.map((node) => node.key);
const find = (strategy: string, selector: string, root: UiNode = tree): string[] =>
  keys(findNodes(root, strategy, selector));
const ui = (selector: string, root: UiNode = tree): string[] => find('-android uiautomator', selector, root);

/** Runs `fn`, expecting an InvalidSelectorError; returns its message. */
function invalid(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(errors.InvalidSelectorError);
    return (error as Error).message;
  }
  throw new Error('expected an InvalidSelectorError, nothing was thrown');
}

describe('findNodes: id', () => {
  it('matches the full resource-id', () => {
    expect(find('id', 'android:id/button1')).toEqual(['delete']);
    expect(find('id', 'com.miui.gallery:id/thumbnail')).toEqual(['thumb0', 'thumb1', 'thumb2']);
  });

  it('matches a bare name under any package', () => {
    expect(find('id', 'button2')).toEqual(['cancel']);
    expect(find('id', 'clock')).toEqual(['clock']);
    expect(find('id', 'thumbnail')).toEqual(['thumb0', 'thumb1', 'thumb2']);
  });

  it('does not match partial names or other packages', () => {
    expect(find('id', 'button')).toEqual([]);
    expect(find('id', 'com.other:id/button1')).toEqual([]);
    expect(find('id', 'id/button1')).toEqual([]);
  });
});

describe('findNodes: accessibility id and class name', () => {
  it('matches content-desc exactly', () => {
    expect(find('accessibility id', 'IMG_20261121_090500.jpg')).toEqual(['thumb1']);
    expect(find('accessibility id', 'Share')).toEqual(['share']);
    expect(find('accessibility id', 'share')).toEqual([]);
    expect(find('accessibility id', 'IMG_20261121')).toEqual([]);
  });

  it('matches the class exactly, in document order', () => {
    expect(find('class name', 'android.widget.Button')).toEqual(['cancel', 'delete']);
    expect(find('class name', 'android.widget.FrameLayout')).toEqual(['root', 'panel']);
    expect(find('class name', 'Button')).toEqual([]);
  });
});

describe('findNodes: xpath', () => {
  it('selects by tag name and attribute predicates', () => {
    expect(find('xpath', "//android.widget.Button[@text='Delete']")).toEqual(['delete']);
    expect(find('xpath', '//*[@resource-id="android:id/checkbox"]')).toEqual(['checkbox']);
    expect(find('xpath', "//*[@checkable='true' and @checked='false']")).toEqual(['checkbox']);
    expect(find('xpath', "//*[@enabled='false']")).toEqual(['share']);
    expect(find('xpath', "//*[@selected='true']")).toEqual(['thumb1']);
    expect(find('xpath', "//*[@bounds='[560,2040][960,2180]']")).toEqual(['delete']);
    expect(find('xpath', '//android.widget.Switch')).toEqual([]);
  });

  it('supports functions', () => {
    expect(find('xpath', "//*[contains(@content-desc, '20261121')]")).toEqual(['thumb0', 'thumb1', 'thumb2']);
    expect(find('xpath', "//*[starts-with(@content-desc, 'VID_')]")).toEqual(['thumb2']);
    expect(find('xpath', "//*[string-length(@text) = 6]")).toEqual(['title', 'cancel', 'delete']);
    expect(find('xpath', "//*[@package!='com.miui.gallery']")).toEqual(['clock']);
  });

  it('supports positional predicates', () => {
    expect(find('xpath', '(//android.widget.ImageView)[2]')).toEqual(['thumb1']);
    expect(find('xpath', '(//android.widget.ImageView)[last()]')).toEqual(['thumb2']);
    expect(find('xpath', '//android.widget.LinearLayout/*[1]')).toEqual(['thumb0', 'cancel']);
    expect(find('xpath', "//*[@index='1']")).toEqual(['grid', 'thumb1', 'message', 'delete']);
  });

  it('returns every node for //* in document order', () => {
    expect(find('xpath', '//*')).toEqual(keys([...walk(tree)]));
    expect(find('xpath', '/hierarchy/*')).toEqual(['root']);
    // The hierarchy element wraps the screen but is not a node of it.
    expect(find('xpath', '/hierarchy')).toEqual([]);
  });

  it('supports relative axes', () => {
    expect(find('xpath', "//*[@text='Cancel']/following-sibling::*")).toEqual(['delete']);
    expect(find('xpath', "//*[@text='Delete' and @clickable='true']/preceding-sibling::*")).toEqual(['cancel']);
    expect(find('xpath', "//*[@resource-id='android:id/checkbox']/parent::*")).toEqual(['panel']);
    expect(find('xpath', "//*[@resource-id='android:id/checkbox']/..")).toEqual(['panel']);
    expect(find('xpath', "//*[@text='Cancel']/ancestor::*")).toEqual(['root', 'panel', 'buttons']);
    expect(find('xpath', "//*[@resource-id='android:id/parentPanel']/descendant::android.widget.Button")).toEqual([
      'cancel',
      'delete',
    ]);
    expect(find('xpath', "//*[@resource-id='android:id/buttonPanel']/preceding-sibling::android.widget.CheckBox")).toEqual([
      'checkbox',
    ]);
    expect(find('xpath', "//android.widget.ImageButton/following::android.widget.TextView[1]")).toEqual(['title']);
  });

  it('returns a union in document order without duplicates', () => {
    expect(find('xpath', "//*[@text='Cancel'] | //*[@text='Delete'] | //android.widget.Button")).toEqual([
      'title',
      'cancel',
      'delete',
    ]);
  });

  it('rejects expressions that select attributes, text or values', () => {
    expect(invalid(() => findNodes(tree, 'xpath', '//android.widget.Button/@text'))).toMatch(/attribute 'text'/);
    expect(invalid(() => findNodes(tree, 'xpath', 'count(//*)'))).toMatch(/evaluates to the number 15/);
    expect(invalid(() => findNodes(tree, 'xpath', "string(//*[@text='Cancel']/@text)"))).toMatch(/string "Cancel"/);
    expect(invalid(() => findNodes(tree, 'xpath', '/'))).toMatch(/document node/);
  });

  it('rejects malformed expressions, quoting them', () => {
    expect(invalid(() => findNodes(tree, 'xpath', '//android.widget.Button['))).toContain(
      "'//android.widget.Button['",
    );
    expect(invalid(() => findNodes(tree, 'xpath', '//*[frobnicate(@text)]'))).toMatch(/frobnicate/);
    expect(invalid(() => findNodes(tree, 'xpath', '///'))).toMatch(/Invalid XPath/);
  });
});

describe('findNodes: -android uiautomator', () => {
  it('matches resourceId, alone and combined', () => {
    expect(ui('new UiSelector().resourceId("android:id/button1")')).toEqual(['delete']);
    expect(ui('new UiSelector().resourceId("android:id/button1").text("Delete")')).toEqual(['delete']);
    expect(ui('new UiSelector().resourceId("android:id/button1").text("OK")')).toEqual([]);
    expect(ui('new UiSelector().resourceId("button1")')).toEqual([]);
  });

  it('matches resourceIdMatches as a whole-value regex', () => {
    expect(ui('new UiSelector().resourceIdMatches(".*:id/button\\\\d")')).toEqual(['cancel', 'delete']);
    expect(ui('new UiSelector().resourceIdMatches("button1")')).toEqual([]);
  });

  it('matches text, textContains, textStartsWith, textMatches', () => {
    expect(ui('new UiSelector().text("Delete")')).toEqual(['title', 'delete']);
    expect(ui('new UiSelector().text("Delet")')).toEqual([]);
    expect(ui('new UiSelector().textContains("cloud")')).toEqual(['checkbox']);
    expect(ui('new UiSelector().textContains("Cloud")')).toEqual([]);
    expect(ui('new UiSelector().textStartsWith("Also")')).toEqual(['checkbox']);
    expect(ui('new UiSelector().textStartsWith("cloud")')).toEqual([]);
    expect(ui('new UiSelector().textMatches("Canc.*")')).toEqual(['cancel']);
    expect(ui('new UiSelector().textMatches("Canc")')).toEqual([]);
    expect(ui('new UiSelector().textMatches("(?i)cancel")')).toEqual(['cancel']);
    expect(ui('new UiSelector().textMatches("\\d\\d:\\d\\d")')).toEqual(['clock']);
  });

  it('matches description, descriptionContains, descriptionStartsWith, descriptionMatches', () => {
    expect(ui('new UiSelector().description("Share")')).toEqual(['share']);
    expect(ui('new UiSelector().descriptionContains("090500")')).toEqual(['thumb1']);
    expect(ui('new UiSelector().descriptionStartsWith("VID_")')).toEqual(['thumb2']);
    expect(ui('new UiSelector().descriptionMatches("IMG_\\\\d{8}_\\\\d{6}\\\\.jpg")')).toEqual(['thumb0', 'thumb1']);
    expect(ui('new UiSelector().descriptionMatches("IMG_\\\\d{8}")')).toEqual([]);
  });

  it('matches className, classNameMatches, packageName', () => {
    expect(ui('new UiSelector().className("android.widget.CheckBox")')).toEqual(['checkbox']);
    expect(ui('new UiSelector().classNameMatches(".*Image.*")')).toEqual(['thumb0', 'thumb1', 'thumb2', 'share']);
    expect(ui('new UiSelector().className("CheckBox")')).toEqual([]);
    expect(ui('new UiSelector().packageName("com.android.systemui")')).toEqual(['clock']);
  });

  it('matches the boolean flags', () => {
    expect(ui('new UiSelector().checkable(true).checked(false)')).toEqual(['checkbox']);
    expect(ui('new UiSelector().checked(true)')).toEqual([]);
    expect(ui('new UiSelector().checked(true)', deleteDialogTree({ cloudChecked: true }))).toEqual(['checkbox']);
    expect(ui('new UiSelector().clickable(true).className("android.widget.Button")')).toEqual(['cancel', 'delete']);
    expect(ui('new UiSelector().clickable(true)')).toEqual([
      'thumb0',
      'thumb1',
      'thumb2',
      'share',
      'checkbox',
      'cancel',
      'delete',
    ]);
    expect(ui('new UiSelector().enabled(false)')).toEqual(['share']);
    expect(ui('new UiSelector().selected(true)')).toEqual(['thumb1']);
    expect(ui('new UiSelector().scrollable(true)')).toEqual(['grid']);
    expect(ui('new UiSelector().scrollable(false).clickable(false).className("android.widget.LinearLayout")')).toEqual([
      'buttons',
    ]);
  });

  it('matches index (position among siblings) and instance (n-th match)', () => {
    expect(ui('new UiSelector().className("android.widget.Button").index(1)')).toEqual(['delete']);
    expect(ui('new UiSelector().className("android.widget.ImageView").index(2)')).toEqual(['thumb2']);
    expect(ui('new UiSelector().index(0).className("android.widget.FrameLayout")')).toEqual(['root']);
    expect(ui('new UiSelector().className("android.widget.Button").instance(0)')).toEqual(['cancel']);
    expect(ui('new UiSelector().className("android.widget.Button").instance(1)')).toEqual(['delete']);
    expect(ui('new UiSelector().className("android.widget.Button").instance(2)')).toEqual([]);
    expect(ui('new UiSelector().text("Delete").instance(1)')).toEqual(['delete']);
  });

  it('searches below a match with childSelector', () => {
    expect(ui('new UiSelector().resourceId("android:id/parentPanel").childSelector(new UiSelector().text("Delete"))')).toEqual([
      'title',
      'delete',
    ]);
    expect(ui('new UiSelector().resourceId("android:id/buttonPanel").childSelector(new UiSelector().text("Delete"))')).toEqual([
      'delete',
    ]);
    expect(
      ui('new UiSelector().resourceId("android:id/buttonPanel").childSelector(new UiSelector().className("android.widget.Button").instance(0))'),
    ).toEqual(['cancel']);
    // Nested: the dialog, then its button panel, then the buttons.
    expect(
      ui(
        'new UiSelector().resourceId("android:id/parentPanel").childSelector(new UiSelector().className("android.widget.LinearLayout").childSelector(new UiSelector().clickable(true)))',
      ),
    ).toEqual(['cancel', 'delete']);
    expect(ui('new UiSelector().text("Cancel").childSelector(new UiSelector())')).toEqual([]);
  });

  it('searches among siblings with fromParent', () => {
    expect(ui('new UiSelector().text("Cancel").fromParent(new UiSelector().text("Delete"))')).toEqual(['delete']);
    expect(ui('new UiSelector().resourceId("android:id/checkbox").fromParent(new UiSelector().className("android.widget.Button"))')).toEqual([
      'cancel',
      'delete',
    ]);
    // The root has no parent, so nothing is searched.
    expect(ui('new UiSelector().index(0).className("android.widget.FrameLayout").fromParent(new UiSelector())')).toEqual([]);
  });

  it('ORs selectors separated by ";", in document order without duplicates', () => {
    expect(ui('new UiSelector().text("Cancel");new UiSelector().resourceId("android:id/alertTitle")')).toEqual([
      'title',
      'cancel',
    ]);
    expect(ui('new UiSelector().text("Cancel") ; new UiSelector().className("android.widget.Button");')).toEqual([
      'cancel',
      'delete',
    ]);
  });

  it('accepts an optional "new", whitespace, and Java-like string quoting and escapes', () => {
    expect(ui('UiSelector().text("Cancel")')).toEqual(['cancel']);
    expect(ui('  new UiSelector ( ) . text ( "Cancel" )  ')).toEqual(['cancel']);
    expect(ui("new UiSelector().text('Cancel')")).toEqual(['cancel']);
    expect(ui('new UiSelector().text("C\\u0061ncel")')).toEqual(['cancel']);
    const message = `Move 2 items to "Recently deleted"? Items can't be restored after 30 days.`;
    expect(ui(`new UiSelector().text('Move 2 items to "Recently deleted"? Items can\\'t be restored after 30 days.')`)).toEqual([
      'message',
    ]);
    expect(ui(`new UiSelector().text("Move 2 items to \\"Recently deleted\\"? Items can't be restored after 30 days.")`)).toEqual([
      'message',
    ]);
    expect(ui(`new UiSelector().text(${JSON.stringify(message)})`)).toEqual(['message']);
    expect(ui(`new UiSelector().text('Move 2 items to Recently deleted? Items can\\'t be restored after 30 days.')`)).toEqual([]);
  });

  it('keeps the last call when a method repeats, as Java does', () => {
    expect(ui('new UiSelector().text("Cancel").text("Delete").clickable(true)')).toEqual(['delete']);
  });

  it('returns the target of a UiScrollable scrollIntoView', () => {
    expect(
      ui('new UiScrollable(new UiSelector().scrollable(true)).scrollIntoView(new UiSelector().description("VID_20261121_091000.mp4"))'),
    ).toEqual(['thumb2']);
    expect(
      ui(
        'new UiScrollable(new UiSelector().scrollable(true).instance(0)).setAsVerticalList().setMaxSearchSwipes(10).scrollIntoView(new UiSelector().textContains("cloud"))',
      ),
    ).toEqual(['checkbox']);
    expect(ui('new UiScrollable(new UiSelector().scrollable(true))')).toEqual(['grid']);
  });

  it('rejects malformed expressions, naming the problem', () => {
    const bad = (selector: string): string => invalid(() => findNodes(tree, '-android uiautomator', selector));
    expect(bad('new UiSelector().txt("x")')).toMatch(/unsupported UiSelector method 'txt'/);
    expect(bad('new UiSelector().txt("x")')).toContain(`'new UiSelector().txt("x")'`);
    expect(bad('new UiSelector().text("x"')).toMatch(/expected '\)', found the end of the expression/);
    expect(bad('new UiSelector().text("x)')).toMatch(/unterminated string/);
    expect(bad('new UiSelector().text()')).toMatch(/text expects 1 argument, found 0/);
    expect(bad('new UiSelector().text("a", "b")')).toMatch(/text expects 1 argument, found 2/);
    expect(bad('new UiSelector().text(3)')).toMatch(/text expects a string, found number 3/);
    expect(bad('new UiSelector().checked("true")')).toMatch(/checked expects true or false, found the string "true"/);
    expect(bad('new UiSelector().instance(-1)')).toMatch(/instance expects a non-negative integer/);
    expect(bad('new UiSelector().index(1.5)')).toMatch(/index expects a non-negative integer/);
    expect(bad('new UiSelector().textMatches("(")')).toMatch(/invalid regular expression "\(" in textMatches/);
    expect(bad('new UiSelector().text("a") new UiSelector()')).toMatch(/expected ';' or the end, found 'new'/);
    expect(bad('new UiObject(new UiSelector())')).toMatch(/expected UiSelector or UiScrollable, found 'UiObject'/);
    expect(bad('new UiSelector("x")')).toMatch(/takes no arguments/);
    expect(bad('new UiSelector().text("a") @')).toMatch(/unexpected character '@'/);
    expect(bad('new UiSelector().childSelector("x")')).toMatch(/childSelector expects a UiSelector/);
    expect(bad('new UiSelector().childSelector(new UiSelector()).fromParent(new UiSelector())')).toMatch(
      /only one childSelector or fromParent/,
    );
    expect(bad('new UiScrollable(new UiSelector()).flingToEnd(3)')).toMatch(/unsupported UiScrollable method 'flingToEnd'/);
    expect(bad('new UiScrollable(new UiScrollable(new UiSelector()))')).toMatch(/UiScrollable expects a UiSelector/);
    expect(bad('new UiSelector().text(new UiSelector())')).toMatch(/text expects a string, found a UiSelector/);
    expect(bad(';')).toMatch(/expected UiSelector, found ';'/);
    expect(bad('text("Cancel")')).toMatch(/expected UiSelector or UiScrollable, found 'text'/);
  });
});

describe('findNodes: strategies', () => {
  it('rejects unknown strategies and empty selectors', () => {
    expect(invalid(() => findNodes(tree, 'css selector', 'button'))).toMatch(/'css selector' is not supported/);
    expect(invalid(() => findNodes(tree, 'name', 'Cancel'))).toMatch(/not supported/);
    expect(invalid(() => findNodes(tree, 'id', ''))).toMatch(/must not be empty/);
  });

  it('all strategies agree on the same node', () => {
    const expected = ['checkbox'];
    expect(find('id', 'checkbox')).toEqual(expected);
    expect(find('class name', 'android.widget.CheckBox')).toEqual(expected);
    expect(find('xpath', '//android.widget.CheckBox')).toEqual(expected);
    expect(ui('new UiSelector().className("android.widget.CheckBox")')).toEqual(expected);
  });
});
