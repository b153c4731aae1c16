// Name and place lists for realistic demo data: English and Chinese persons and companies.

export const EN_FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Paul', 'Ashley', 'Steven', 'Emily', 'Andrew', 'Michelle', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'George', 'Stephanie', 'Oliver', 'Amelia', 'Noah', 'Olivia', 'Liam', 'Sophia', 'Ethan', 'Chloe', 'Lucas', 'Grace'];
export const EN_LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Carter', 'Murphy', 'Cook', 'Morgan', 'Bell', 'Ward', 'Cooper', 'Reed', 'Bailey', 'Kelly', 'Howard'];

/** [characters, pinyin] pairs, so Chinese persons get a readable email address. */
export const ZH_SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'],
  ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['林', 'lin'], ['罗', 'luo'], ['高', 'gao'],
  ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'], ['邓', 'deng'], ['曹', 'cao'],
];
export const ZH_GIVEN: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'],
  ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['秀英', 'xiuying'], ['霞', 'xia'], ['平', 'ping'],
  ['刚', 'gang'], ['桂英', 'guiying'], ['建华', 'jianhua'], ['晓东', 'xiaodong'], ['文博', 'wenbo'], ['思远', 'siyuan'], ['雨欣', 'yuxin'], ['子涵', 'zihan'], ['浩然', 'haoran'], ['梓萱', 'zixuan'],
];

export const EN_COMPANY_A = ['Northwind', 'Blue Harbor', 'Summit', 'Evergreen', 'Ironclad', 'Brightpath', 'Silverline', 'Redwood', 'Pioneer', 'Crescent', 'Granite', 'Harborview', 'Keystone', 'Lakeside', 'Meridian', 'Oakridge', 'Pinnacle', 'Riverstone', 'Sterling', 'Westfield', 'Atlas', 'Beacon', 'Cobalt', 'Falcon', 'Horizon'];
export const EN_COMPANY_B = ['Logistics', 'Foods', 'Manufacturing', 'Retail', 'Health', 'Software', 'Energy', 'Design', 'Outfitters', 'Consulting', 'Labs', 'Supply', 'Motors', 'Media', 'Analytics'];
export const EN_COMPANY_SUFFIX = ['Ltd', 'Inc.', 'LLC', 'Group', 'Co.', 'GmbH', 'PLC'];
export const ZH_CITY_PREFIX = ['上海', '北京', '深圳', '广州', '杭州', '成都', '南京', '苏州', '武汉', '西安', '天津', '重庆'];
export const ZH_COMPANY_CORE: readonly (readonly [string, string])[] = [
  ['恒通', 'hengtong'], ['华信', 'huaxin'], ['远航', 'yuanhang'], ['金鼎', 'jinding'], ['瑞丰', 'ruifeng'], ['博雅', 'boya'], ['天成', 'tiancheng'], ['宏达', 'hongda'],
  ['嘉禾', 'jiahe'], ['新锐', 'xinrui'], ['鼎盛', 'dingsheng'], ['安泰', 'antai'], ['星辰', 'xingchen'], ['云帆', 'yunfan'], ['众诚', 'zhongcheng'],
];
export const ZH_COMPANY_TRADE = ['贸易', '科技', '物流', '食品', '制造', '医疗', '软件', '能源', '设计', '咨询'];

export const INDUSTRIES = ['Retail', 'Manufacturing', 'Software', 'Healthcare', 'Logistics', 'Food & Beverage', 'Financial Services', 'Education', 'Energy', 'Media'];
export const SOURCES = ['Website', 'Referral', 'Trade show', 'Email campaign', 'Partner', 'Cold call', 'Social media'];
export const TAGS = ['vip', 'wholesale', 'newsletter', 'b2b', 'b2c', 'priority', 'partner', 'at-risk', 'reseller', 'enterprise'];

/** Countries with cities and their phone prefix. */
export const PLACES: readonly { country: string; cities: string[]; dial: string; zh: boolean }[] = [
  { country: 'US', cities: ['New York', 'Chicago', 'Austin', 'Seattle', 'Boston', 'Denver'], dial: '+1', zh: false },
  { country: 'GB', cities: ['London', 'Manchester', 'Leeds', 'Bristol'], dial: '+44', zh: false },
  { country: 'DE', cities: ['Berlin', 'Munich', 'Hamburg'], dial: '+49', zh: false },
  { country: 'CA', cities: ['Toronto', 'Vancouver', 'Montreal'], dial: '+1', zh: false },
  { country: 'AU', cities: ['Sydney', 'Melbourne'], dial: '+61', zh: false },
  { country: 'CN', cities: ['上海', '北京', '深圳', '广州', '杭州', '成都'], dial: '+86', zh: true },
  { country: 'SG', cities: ['Singapore'], dial: '+65', zh: false },
  { country: 'HK', cities: ['香港'], dial: '+852', zh: true },
];

export const STREETS = ['Main St', 'Oak Ave', 'Market St', 'High St', 'Park Rd', 'Elm St', 'Harbor Blvd', 'King St'];
export const ZH_STREETS = ['南京路', '中山路', '人民路', '建国路', '解放路', '长安街'];

export const PRODUCT_CATALOG: readonly { category: string; items: readonly [string, number][] }[] = [
  { category: 'Software', items: [['CRM Seat (annual)', 480], ['Analytics Add-on', 240], ['API Access', 360], ['Premium Support', 600], ['Onboarding Package', 1500], ['Data Migration', 2200]] },
  { category: 'Hardware', items: [['Barcode Scanner', 189], ['Receipt Printer', 249], ['POS Terminal', 899], ['Label Printer', 329], ['Card Reader', 79], ['Tablet Stand', 59]] },
  { category: 'Office', items: [['Ergonomic Chair', 349], ['Standing Desk', 629], ['Monitor Arm', 119], ['Desk Lamp', 45], ['Whiteboard', 89], ['Notebook Pack', 18]] },
  { category: 'Coffee', items: [['Espresso Beans 1kg', 32], ['Filter Papers', 8], ['Ceramic Mug', 14], ['Milk Frother', 65], ['Grinder', 149], ['Cold Brew Kit', 39]] },
  { category: 'Apparel', items: [['Logo T-shirt', 22], ['Hoodie', 48], ['Cap', 18], ['Rain Jacket', 95], ['Tote Bag', 15], ['Socks (3 pairs)', 16]] },
  { category: 'Training', items: [['Sales Workshop', 1200], ['Service Excellence Course', 900], ['Analytics Bootcamp', 1600], ['Leadership Seminar', 2000]] },
];

export const CASE_SUBJECTS = ['Cannot log in to the portal', 'Invoice amount is wrong', 'Order arrived damaged', 'Request for refund', 'Question about delivery date', 'Product not working as expected', 'Change billing address', 'Missing item in order', 'How do I export my data?', 'Upgrade my subscription', '发票金额有误', '订单延迟发货', '无法登录系统', '申请退款', '产品使用咨询'];
export const ACTIVITY_SUBJECTS: Record<'call' | 'email' | 'meeting' | 'note' | 'task', string[]> = {
  call: ['Intro call', 'Follow-up call', 'Renewal discussion', 'Pricing call', 'Check-in call', '电话回访'],
  email: ['Sent proposal', 'Sent product brochure', 'Replied to question', 'Shared case study', '发送报价'],
  meeting: ['Demo meeting', 'Quarterly business review', 'On-site visit', 'Kick-off meeting', '上门拜访'],
  note: ['Prefers email contact', 'Budget approved for Q3', 'Evaluating competitors', 'Key decision maker identified', '客户对价格敏感'],
  task: ['Send contract', 'Prepare quote', 'Schedule demo', 'Follow up on invoice', 'Call back about renewal', 'Update billing details', '准备报价单'],
};
export const LOST_REASONS = ['Price too high', 'Chose a competitor', 'No budget', 'Bad timing', 'No decision'];
