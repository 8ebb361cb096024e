/**
 * Vietnamese texts for the demo tickets: per domain, a few templates of what citizens of
 * Đồng Tháp actually call 1022 about, and the kind of answer agencies give. Placeholders:
 * {noi} a place (hamlet, commune or ward), {xa} the commune or ward, {duong} a road,
 * {ten} a person, {n} a small number, {thang} a month, {ma} a dossier number.
 * Every name and number is made up.
 */
import type { TicketType } from '../../common/tickets.ts';

export interface TicketTemplate {
  type: TicketType;
  title: string;
  content: string;
}

export interface DomainTexts {
  /** Share of this domain's tickets that are local matters, forwarded to the commune or ward. */
  local: number;
  /** The lead agency when the domain names none (or to vary it); the domain's default otherwise. */
  agencies?: readonly string[];
  /** How often citizens raise this domain (relative weight). */
  weight: number;
  templates: readonly TicketTemplate[];
  answers: readonly string[];
}

export const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Trương', 'Bùi', 'Đặng', 'Đỗ', 'Ngô', 'Hồ', 'Dương', 'Lâm', 'Đoàn', 'Châu', 'Mai', 'Tô', 'Lý'] as const;
export const MIDDLE_NAMES_M = ['Văn', 'Minh', 'Hữu', 'Thanh', 'Công', 'Quốc', 'Đức', 'Hoàng', 'Tấn', 'Phước'] as const;
export const MIDDLE_NAMES_F = ['Thị', 'Ngọc', 'Thu', 'Kim', 'Thanh', 'Mỹ', 'Bích', 'Hồng', 'Thúy', 'Diễm'] as const;
export const GIVEN_NAMES_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khang', 'Lộc', 'Long', 'Nam', 'Nghĩa', 'Phúc', 'Quang', 'Sơn', 'Tài', 'Thắng', 'Thịnh', 'Toàn', 'Trí', 'Vinh', 'Tuấn', 'Hiếu'] as const;
export const GIVEN_NAMES_F = ['Anh', 'Châu', 'Diệu', 'Giang', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Nhung', 'Phượng', 'Thảo', 'Trang', 'Trinh', 'Tuyết', 'Vy', 'Yến'] as const;

/** Mobile prefixes in use in Vietnam (Viettel, Vinaphone, MobiFone, Vietnamobile). */
export const MOBILE_PREFIXES = ['090', '091', '093', '094', '096', '097', '098', '032', '033', '034', '035', '036', '037', '038', '039', '070', '076', '077', '078', '079', '081', '082', '083', '084', '085', '088', '056', '058'] as const;

export const ROADS = ['Quốc lộ 30', 'Quốc lộ 1', 'Quốc lộ 50', 'Quốc lộ N2', 'đường tỉnh 845', 'đường tỉnh 848', 'đường tỉnh 864', 'đường Hùng Vương', 'đường Nguyễn Huệ', 'đường Lê Lợi', 'đường Trần Hưng Đạo', 'đường Lý Thường Kiệt', 'đường Nguyễn Trãi', 'đường Ấp Bắc', 'đường Đinh Bộ Lĩnh', 'đường Tôn Đức Thắng', 'đường Phạm Hữu Lầu', 'đường Nguyễn Sinh Sắc', 'đường liên ấp', 'đường đal ven kênh'] as const;

/** Where a citizen says they live or where the problem is, before the commune: hamlets and neighbourhoods. */
export const HAMLETS_RURAL = ['ấp 1', 'ấp 2', 'ấp 3', 'ấp 4', 'ấp 5', 'ấp Tân Thạnh', 'ấp Bình Hòa', 'ấp Long Thạnh', 'ấp Phú Lợi', 'ấp Mỹ Thuận', 'ấp An Hòa', 'ấp Hòa Bình', 'ấp Tân Lập'] as const;
export const HAMLETS_URBAN = ['khóm 1', 'khóm 2', 'khóm 3', 'khóm 4', 'khóm 5', 'khóm Mỹ Phú', 'khóm Hòa Khánh', 'khóm Tân Thuận', 'khu phố 1', 'khu phố 2', 'khu phố 3'] as const;

export const OUT_OF_SCOPE_TEXTS: Readonly<Record<string, TicketTemplate>> = {
  complaint: { type: 'petition', title: 'Khiếu nại quyết định xử phạt hành chính', content: 'Tôi ở {noi}, không đồng ý với quyết định xử phạt của UBND {xa} về việc xây dựng nhà, muốn khiếu nại.' },
  denunciation: { type: 'feedback', title: 'Tố cáo cán bộ nhận tiền khi làm hồ sơ', content: 'Người dân ở {noi} tố cáo một cán bộ địa chính {xa} đòi tiền khi làm hồ sơ cấp giấy chứng nhận.' },
  land_dispute: { type: 'petition', title: 'Tranh chấp ranh đất với hộ lân cận', content: 'Gia đình tôi ở {noi} tranh chấp ranh đất với hộ bên cạnh, hai bên không thống nhất mốc ranh, đề nghị tổng đài giải quyết.' },
  civil_dispute: { type: 'petition', title: 'Tranh chấp tiền hụi, đòi nợ', content: 'Tôi ở {noi}, cho người quen vay {n}0 triệu đồng đã lâu không trả, nhờ tổng đài can thiệp đòi nợ.' },
  crime_report: { type: 'feedback', title: 'Báo tin trộm cắp tài sản', content: 'Nhà tôi ở {noi} bị mất trộm xe máy đêm qua, muốn báo cho công an.' },
  emergency: { type: 'feedback', title: 'Cháy nhà dân, cần hỗ trợ gấp', content: 'Đang có cháy nhà tại {noi}, {xa}, cần lực lượng chữa cháy gấp.' },
  under_resolution: { type: 'petition', title: 'Vụ việc đã có bản án, đề nghị xem xét lại', content: 'Vụ tranh chấp của gia đình tôi ở {noi} đã được Tòa án xét xử, tôi không đồng ý và muốn tổng đài xem xét lại.' },
  legal_advice: { type: 'question', title: 'Nhờ tư vấn chia thừa kế', content: 'Cha mẹ tôi mất không để lại di chúc, nhà đất ở {noi}; nhờ tổng đài tư vấn cách chia thừa kế cho các anh em.' },
};

export const SPAM_TEXTS: readonly TicketTemplate[] = [
  { type: 'question', title: 'Gọi nhầm số', content: 'Người gọi nhầm số, muốn gọi tổng đài nhà mạng.' },
  { type: 'feedback', title: 'Cuộc gọi không có nội dung', content: 'Cuộc gọi im lặng, không trình bày nội dung.' },
  { type: 'question', title: 'Quảng cáo, không liên quan dịch vụ công', content: 'Tin nhắn quảng cáo vay tiền nhanh, không liên quan dịch vụ công.' },
];

export const RETURN_REASONS = ['Nội dung không thuộc thẩm quyền của đơn vị; đề nghị chuyển UBND cấp xã nơi phát sinh.', 'Vụ việc thuộc lĩnh vực của sở khác theo phân cấp sau sắp xếp.', 'Đơn vị đã giải thể bộ phận phụ trách; đề nghị chuyển đơn vị kế thừa.'] as const;
export const INFO_REQUESTS = ['Đề nghị người dân cung cấp số hồ sơ và ngày nộp.', 'Đề nghị bổ sung địa chỉ cụ thể (số nhà, ấp/khóm).', 'Đề nghị cung cấp hình ảnh hiện trạng.'] as const;
export const CITIZEN_REPLIES = ['Người dân đã cung cấp thêm thông tin qua điện thoại.', 'Người dân gửi bổ sung hình ảnh qua Zalo.', 'Người dân bổ sung số hồ sơ và ngày hẹn trả.'] as const;
export const EXTENSION_REASONS = [
  'Vụ việc cần khảo sát thực địa và lấy ý kiến các ngành liên quan.',
  'Cần chờ kết quả đo đạc, kiểm tra của đơn vị chuyên môn.',
  'Nội dung liên quan nhiều hộ dân, cần tổ chức đối thoại trước khi trả lời.',
  'Đang chờ văn bản hướng dẫn của cơ quan cấp trên.',
] as const;
export const EXTENSION_REFUSALS = ['Vụ việc đơn giản, đề nghị trả lời đúng hạn.', 'Lý do chưa thuyết phục; đơn vị khẩn trương xử lý trong hạn.'] as const;
export const SEND_BACK_NOTES = ['Câu trả lời chưa nêu rõ thời hạn khắc phục; đề nghị bổ sung.', 'Đề nghị trả lời đúng nội dung người dân hỏi.'] as const;
export const REOPEN_REASONS = ['Người dân phản ánh sự việc vẫn chưa được khắc phục.', 'Người dân chưa hài lòng với câu trả lời, đề nghị xem xét lại.'] as const;
export const FOLLOW_UPS = ['Người dân gọi lại hỏi tiến độ xử lý phiếu.', 'Người dân nhắn hỏi khi nào có kết quả.'] as const;
export const DIRECT_ANSWERS = [
  'Tổng đài đã hướng dẫn người dân theo thông tin do cơ quan chuyên môn cung cấp trên cơ sở tri thức.',
  'Tổng đài đã cung cấp thành phần hồ sơ, thời hạn giải quyết và nơi nộp theo thủ tục hành chính đã công bố.',
  'Tổng đài đã hướng dẫn người dân tra cứu và nộp hồ sơ trực tuyến trên Cổng dịch vụ công.',
] as const;
export const RATING_COMMENTS = ['Cảm ơn tổng đài đã hỗ trợ.', 'Xử lý nhanh, hài lòng.', 'Trả lời còn chậm.', 'Chưa giải quyết dứt điểm.', null] as const;

export const DOMAIN_TEXTS: Readonly<Record<string, DomainTexts>> = {
  land: {
    local: 0.5,
    weight: 9,
    templates: [
      { type: 'question', title: 'Hỏi thủ tục cấp giấy chứng nhận quyền sử dụng đất lần đầu', content: 'Gia đình tôi ở {noi} có thửa đất sử dụng ổn định từ trước năm 2000 nhưng chưa có sổ đỏ. Xin hỏi thủ tục, hồ sơ và thời gian cấp giấy chứng nhận.' },
      { type: 'feedback', title: 'Hồ sơ chuyển mục đích sử dụng đất trễ hẹn', content: 'Tôi nộp hồ sơ chuyển mục đích sử dụng đất tại {xa} từ tháng {thang}, mã hồ sơ {ma}, đã quá hẹn {n} ngày vẫn chưa có kết quả.' },
      { type: 'petition', title: 'Kiến nghị bồi thường khi giải phóng mặt bằng {duong}', content: 'Hộ tôi ở {noi} bị thu hồi đất làm {duong}, đề nghị xem xét lại đơn giá bồi thường cây trồng và vật kiến trúc.' },
      { type: 'question', title: 'Hỏi về tách thửa, hợp thửa đất ở', content: 'Tôi muốn tách thửa đất ở tại {noi} để cho con, diện tích tối thiểu được tách là bao nhiêu?' },
      { type: 'feedback', title: 'Sai thông tin trên giấy chứng nhận quyền sử dụng đất', content: 'Giấy chứng nhận của tôi ghi sai diện tích và tên đệm; đã liên hệ {xa} nhưng được hẹn nhiều lần.' },
    ],
    answers: ['Văn phòng Đăng ký đất đai đã kiểm tra hồ sơ; hồ sơ đang chờ xác nhận nguồn gốc đất của UBND cấp xã, dự kiến trả kết quả trong 10 ngày làm việc.', 'Thành phần hồ sơ gồm đơn đăng ký, giấy tờ về quyền sử dụng đất (nếu có), bản vẽ thửa đất; nộp tại Trung tâm Phục vụ hành chính công hoặc bộ phận một cửa cấp xã.'],
  },
  social_protection: {
    local: 0.6,
    weight: 6,
    templates: [
      { type: 'question', title: 'Hỏi chế độ trợ cấp cho người cao tuổi', content: 'Mẹ tôi {n}0 tuổi ở {noi}, không có lương hưu. Xin hỏi có được hưởng trợ cấp xã hội hằng tháng không và làm hồ sơ ở đâu?' },
      { type: 'feedback', title: 'Chưa nhận trợ cấp người khuyết tật {n} tháng', content: 'Con tôi là người khuyết tật nặng ở {noi}, đã {n} tháng chưa nhận được tiền trợ cấp.' },
      { type: 'petition', title: 'Đề nghị xét lại hộ cận nghèo', content: 'Gia đình tôi ở {noi} thu nhập thấp, có người bệnh nặng nhưng không được bình xét hộ cận nghèo năm nay.' },
    ],
    answers: ['UBND cấp xã đã rà soát; hồ sơ đủ điều kiện, trợ cấp được chi trả từ tháng sau qua bưu điện.', 'Đối tượng đủ 80 tuổi không có lương hưu được hưởng trợ cấp xã hội hằng tháng; hồ sơ nộp tại UBND cấp xã nơi cư trú.'],
  },
  police: {
    local: 0.2,
    weight: 6,
    templates: [
      { type: 'question', title: 'Hỏi cấp lại thẻ căn cước bị mất', content: 'Tôi ở {noi} bị mất thẻ căn cước, xin hỏi cấp lại ở đâu, lệ phí bao nhiêu?' },
      { type: 'feedback', title: 'Tụ tập đua xe gây mất trật tự trên {duong}', content: 'Tối nào cũng có nhóm thanh niên tụ tập chạy xe lạng lách trên {duong} đoạn qua {xa}, gây mất an toàn.' },
      { type: 'question', title: 'Không kích hoạt được tài khoản định danh điện tử VNeID', content: 'Tôi đã đăng ký định danh mức 2 tại công an {xa} hơn {n} tuần nhưng chưa kích hoạt được VNeID.' },
      { type: 'feedback', title: 'Karaoke gây ồn sau 22 giờ', content: 'Quán karaoke ở {noi} hát đến khuya, ảnh hưởng giấc ngủ người dân xung quanh.' },
    ],
    answers: ['Công an cấp xã đã kiểm tra, nhắc nhở và lập biên bản cơ sở kinh doanh; sẽ tiếp tục tuần tra vào buổi tối.', 'Công dân đến công an cấp xã hoặc Phòng Cảnh sát QLHC về TTXH để làm thủ tục cấp lại; có thể nộp trực tuyến trên Cổng dịch vụ công.'],
  },
  social_insurance: {
    local: 0,
    weight: 7,
    templates: [
      { type: 'question', title: 'Hỏi rút bảo hiểm xã hội một lần', content: 'Tôi đã nghỉ việc ở công ty được {n} tháng, đóng BHXH 6 năm. Xin hỏi điều kiện và hồ sơ hưởng BHXH một lần.' },
      { type: 'feedback', title: 'Thẻ BHYT bị sai ngày sinh', content: 'Thẻ bảo hiểm y tế của con tôi ở {noi} in sai ngày sinh, đi khám không được hưởng.' },
      { type: 'question', title: 'Chậm chi trả chế độ thai sản', content: 'Tôi sinh con được {n} tháng, công ty đã nộp hồ sơ thai sản nhưng chưa nhận được tiền.' },
      { type: 'question', title: 'Hướng dẫn cài đặt và đăng nhập VssID', content: 'Tôi không đăng nhập được ứng dụng VssID, nhờ hướng dẫn cách lấy lại mật khẩu.' },
    ],
    answers: ['BHXH tỉnh đã điều chỉnh thông tin và cấp lại thẻ BHYT; người dân nhận thẻ tại BHXH cơ sở hoặc dùng thẻ trên VssID.', 'Hồ sơ đã được giải quyết; tiền trợ cấp được chuyển vào tài khoản đăng ký trong 5 ngày làm việc.'],
  },
  transport: {
    local: 0.4,
    weight: 8,
    templates: [
      { type: 'feedback', title: 'Ổ gà lớn trên {duong}', content: 'Trên {duong} đoạn qua {noi} có nhiều ổ gà sâu, đã có người đi xe máy té ngã, đề nghị sửa chữa.' },
      { type: 'feedback', title: 'Đèn tín hiệu giao thông không hoạt động', content: 'Đèn tín hiệu tại ngã tư {duong}, {xa} bị hư {n} ngày nay, xe cộ qua lại rất nguy hiểm.' },
      { type: 'feedback', title: 'Cầu yếu xuống cấp ở {noi}', content: 'Cây cầu bắc qua kênh ở {noi} bị lún, lan can gãy, học sinh đi lại nguy hiểm.' },
      { type: 'question', title: 'Hỏi giờ chạy phà và giá vé', content: 'Xin hỏi giờ hoạt động của bến phà gần {xa} và giá vé xe máy.' },
      { type: 'suggestion', title: 'Đề nghị lắp biển báo giảm tốc gần trường học', content: 'Trước trường tiểu học ở {noi} trên {duong} xe chạy nhanh, đề nghị lắp biển báo và gờ giảm tốc.' },
    ],
    answers: ['Sở Xây dựng đã giao đơn vị quản lý đường bộ vá ổ gà, hoàn thành trong 7 ngày.', 'Đơn vị quản lý đã thay thiết bị điều khiển, đèn tín hiệu hoạt động bình thường trở lại.'],
  },
  justice: {
    local: 0.5,
    weight: 5,
    templates: [
      { type: 'question', title: 'Hỏi thủ tục đăng ký khai sinh cho con', content: 'Con tôi sinh ở bệnh viện tỉnh, hộ khẩu ở {noi}. Xin hỏi đăng ký khai sinh ở đâu và cần giấy tờ gì?' },
      { type: 'question', title: 'Xin cấp phiếu lý lịch tư pháp', content: 'Tôi cần phiếu lý lịch tư pháp số 1 để đi làm, nộp trực tuyến được không và bao lâu có kết quả?' },
      { type: 'feedback', title: 'Chứng thực bản sao bị từ chối', content: 'Tôi đến UBND {xa} chứng thực bản sao giấy tờ nhưng bị từ chối mà không được giải thích.' },
    ],
    answers: ['Người dân đăng ký khai sinh tại UBND cấp xã nơi cư trú của cha hoặc mẹ; có thể nộp trực tuyến trên Cổng dịch vụ công.', 'Sở Tư pháp đã tiếp nhận hồ sơ, phiếu lý lịch tư pháp được trả trong 10 ngày làm việc.'],
  },
  health: {
    local: 0.2,
    weight: 6,
    templates: [
      { type: 'feedback', title: 'Thái độ nhân viên bệnh viện chưa đúng mực', content: 'Ngày {n}/{thang} tôi đưa mẹ đi khám, nhân viên tiếp đón nói chuyện thiếu tôn trọng người bệnh.' },
      { type: 'question', title: 'Hỏi lịch tiêm chủng mở rộng cho trẻ', content: 'Con tôi {n} tháng tuổi, xin hỏi lịch tiêm chủng tại trạm y tế {xa}.' },
      { type: 'feedback', title: 'Cơ sở bán thức ăn không bảo đảm vệ sinh', content: 'Quán ăn gần chợ {xa} chế biến thực phẩm mất vệ sinh, nghi ngộ độc sau khi ăn.' },
      { type: 'feedback', title: 'Phun thuốc phòng sốt xuất huyết', content: 'Ở {noi} có nhiều ca sốt xuất huyết, đề nghị phun thuốc diệt muỗi.' },
    ],
    answers: ['Sở Y tế đã làm việc với bệnh viện; bệnh viện đã kiểm điểm nhân viên và xin lỗi người bệnh.', 'Trạm y tế tổ chức tiêm chủng mở rộng vào ngày 25 hằng tháng; phụ huynh mang theo sổ tiêm chủng.'],
  },
  administrative_procedures: {
    local: 0.3,
    weight: 10,
    templates: [
      { type: 'feedback', title: 'Hồ sơ trễ hẹn trả kết quả', content: 'Hồ sơ mã {ma} nộp ngày {n}/{thang} tại bộ phận một cửa {xa} đã quá hẹn nhưng chưa có kết quả, cũng không có thư xin lỗi.' },
      { type: 'question', title: 'Hỏi cách nộp hồ sơ trực tuyến trên Cổng dịch vụ công', content: 'Tôi muốn nộp hồ sơ trực tuyến nhưng không biết đăng nhập bằng tài khoản định danh điện tử, nhờ hướng dẫn.' },
      { type: 'question', title: 'Hỏi phí, lệ phí thủ tục', content: 'Xin hỏi nộp hồ sơ trực tuyến có được giảm lệ phí không, thanh toán bằng cách nào?' },
      { type: 'suggestion', title: 'Góp ý bố trí thêm quầy tiếp nhận', content: 'Bộ phận một cửa {xa} đông người, phải chờ lâu, đề nghị bố trí thêm quầy tiếp nhận buổi sáng.' },
    ],
    answers: ['Trung tâm Phục vụ hành chính công đã kiểm tra; hồ sơ trễ do thiếu xác minh, đã có thư xin lỗi và hẹn trả kết quả mới.', 'Người dân đăng nhập Cổng dịch vụ công bằng tài khoản VNeID mức 2, chọn thủ tục, điền tờ khai và đính kèm giấy tờ.'],
  },
  education: {
    local: 0.3,
    weight: 4,
    templates: [
      { type: 'question', title: 'Hỏi tuyển sinh lớp 6 năm học mới', content: 'Con tôi học xong lớp 5 ở {noi}, xin hỏi thời gian và hồ sơ tuyển sinh lớp 6.' },
      { type: 'feedback', title: 'Trường thu các khoản ngoài quy định', content: 'Đầu năm học, trường ở {xa} thu nhiều khoản đóng góp, phụ huynh thấy chưa hợp lý.' },
      { type: 'question', title: 'Xin cấp bản sao bằng tốt nghiệp', content: 'Tôi tốt nghiệp THPT năm 20{n}, bị mất bằng, xin hỏi nơi cấp bản sao.' },
    ],
    answers: ['Sở GD&ĐT đã chỉ đạo nhà trường rà soát các khoản thu, hoàn trả khoản thu không đúng quy định.', 'Tuyển sinh lớp 6 theo địa bàn cư trú; hồ sơ nộp trực tuyến từ ngày 1/7.'],
  },
  electricity: {
    local: 0,
    weight: 7,
    templates: [
      { type: 'feedback', title: 'Mất điện kéo dài ở {noi}', content: 'Khu vực {noi} mất điện từ sáng đến giờ chưa có điện lại, không có thông báo trước.' },
      { type: 'feedback', title: 'Tiền điện tháng {thang} tăng bất thường', content: 'Hóa đơn tiền điện tháng {thang} nhà tôi ở {noi} tăng gấp đôi dù sử dụng như mọi tháng, đề nghị kiểm tra công tơ.' },
      { type: 'feedback', title: 'Trụ điện nghiêng nguy cơ ngã đổ', content: 'Trụ điện trên {duong} đoạn qua {noi} bị nghiêng sau mưa lớn, dây điện võng thấp.' },
      { type: 'question', title: 'Hỏi thủ tục lắp đặt điện kế mới', content: 'Tôi mới cất nhà ở {noi}, xin hỏi thủ tục và chi phí gắn điện kế.' },
    ],
    answers: ['Điện lực đã kiểm tra công tơ, công tơ hoạt động bình thường; sản lượng tăng do thời tiết nắng nóng.', 'Điện lực đã khắc phục sự cố, cấp điện trở lại lúc 15 giờ cùng ngày.'],
  },
  water_supply: {
    local: 0.3,
    weight: 5,
    agencies: ['cap-nuoc-dong-thap', 'cap-nuoc-tien-giang'],
    templates: [
      { type: 'feedback', title: 'Nước máy yếu, có mùi ở {noi}', content: 'Nước máy ở {noi} mấy ngày nay chảy yếu, có màu vàng và mùi lạ.' },
      { type: 'feedback', title: 'Vỡ ống nước trên {duong}', content: 'Ống nước bị vỡ trên {duong}, nước chảy tràn ra đường {n} ngày chưa sửa.' },
      { type: 'question', title: 'Hỏi đăng ký lắp đặt đồng hồ nước', content: 'Tôi ở {noi}, muốn đăng ký lắp nước máy, xin hỏi thủ tục và chi phí.' },
    ],
    answers: ['Công ty cấp nước đã súc xả đường ống, chất lượng nước đạt quy chuẩn.', 'Công ty đã sửa chữa đoạn ống vỡ và cấp nước trở lại.'],
  },
  environment: {
    local: 0.6,
    weight: 6,
    templates: [
      { type: 'feedback', title: 'Rác thải tồn đọng ở {noi}', content: 'Rác ở điểm tập kết {noi} không được thu gom {n} ngày, bốc mùi hôi.' },
      { type: 'feedback', title: 'Cơ sở chăn nuôi gây ô nhiễm', content: 'Trại heo ở {noi} xả nước thải ra kênh, mùi hôi ảnh hưởng nhiều hộ dân.' },
      { type: 'feedback', title: 'Đốt rơm rạ gây khói bụi', content: 'Sau thu hoạch lúa, nhiều hộ ở {noi} đốt rơm gây khói mù trên {duong}.' },
    ],
    answers: ['UBND cấp xã đã phối hợp đơn vị thu gom xử lý rác tồn đọng và tăng tần suất thu gom.', 'Đoàn kiểm tra đã lập biên bản, yêu cầu cơ sở khắc phục hệ thống xử lý nước thải trong 30 ngày.'],
  },
  construction: {
    local: 0.5,
    weight: 5,
    templates: [
      { type: 'feedback', title: 'Xây dựng nhà lấn chiếm hành lang {duong}', content: 'Có hộ dân ở {noi} xây nhà lấn ra hành lang an toàn {duong}.' },
      { type: 'question', title: 'Hỏi thủ tục cấp giấy phép xây dựng nhà ở', content: 'Tôi muốn xây nhà 2 tầng ở {noi}, có phải xin giấy phép xây dựng không?' },
      { type: 'feedback', title: 'Công trình thi công gây nứt nhà lân cận', content: 'Công trình đang thi công cạnh nhà tôi ở {noi} làm tường nhà bị nứt.' },
      { type: 'feedback', title: 'Đèn chiếu sáng công cộng không sáng', content: 'Nhiều bóng đèn đường ở {noi} hư đã lâu, buổi tối tối om.' },
    ],
    answers: ['UBND cấp xã đã kiểm tra, lập biên bản và yêu cầu tháo dỡ phần lấn chiếm.', 'Nhà ở riêng lẻ tại khu vực có quy hoạch phải có giấy phép xây dựng; hồ sơ nộp tại bộ phận một cửa cấp xã.'],
  },
  labour: {
    local: 0.2,
    weight: 3,
    templates: [
      { type: 'question', title: 'Hỏi hưởng trợ cấp thất nghiệp', content: 'Tôi bị công ty cho nghỉ việc, đóng bảo hiểm thất nghiệp {n} năm, xin hỏi hồ sơ hưởng trợ cấp.' },
      { type: 'feedback', title: 'Công ty nợ lương công nhân', content: 'Công ty ở khu công nghiệp gần {xa} nợ lương công nhân {n} tháng.' },
    ],
    answers: ['Người lao động nộp hồ sơ tại Trung tâm Dịch vụ việc làm trong 3 tháng kể từ ngày chấm dứt hợp đồng.', 'Sở Nội vụ đã làm việc với doanh nghiệp; doanh nghiệp cam kết trả đủ lương trong tháng.'],
  },
  people_with_merit: {
    local: 0.4,
    weight: 2,
    templates: [
      { type: 'question', title: 'Hỏi chế độ thờ cúng liệt sĩ', content: 'Gia đình tôi ở {noi} có người thân là liệt sĩ, xin hỏi thủ tục hưởng trợ cấp thờ cúng.' },
      { type: 'petition', title: 'Đề nghị xác nhận người hoạt động kháng chiến', content: 'Cha tôi tham gia kháng chiến, hồ sơ nộp ở {xa} đã lâu chưa được xét.' },
    ],
    answers: ['Hồ sơ đã được Sở Nội vụ thẩm định, quyết định hưởng trợ cấp sẽ gửi về UBND cấp xã.'],
  },
  agriculture: {
    local: 0.4,
    weight: 3,
    templates: [
      { type: 'question', title: 'Hỏi hỗ trợ thiệt hại lúa do thiên tai', content: 'Ruộng lúa của tôi ở {noi} bị thiệt hại do mưa bão, xin hỏi chính sách hỗ trợ.' },
      { type: 'feedback', title: 'Cống thủy lợi hư, nước không vào ruộng', content: 'Cống thủy lợi ở {noi} hư, nước không vào ruộng được, ảnh hưởng vụ lúa.' },
    ],
    answers: ['UBND cấp xã đang tổng hợp thiệt hại; hỗ trợ theo mức quy định sau khi có quyết định phê duyệt.'],
  },
  tax: {
    local: 0.5,
    weight: 2,
    agencies: ['so-tai-chinh'],
    templates: [
      { type: 'question', title: 'Hỏi thuế hộ kinh doanh', content: 'Tôi mở tiệm tạp hóa nhỏ ở {noi}, xin hỏi có phải nộp thuế khoán không.' },
      { type: 'question', title: 'Hỏi lệ phí trước bạ nhà đất', content: 'Tôi nhận tặng cho đất từ cha mẹ, có phải nộp lệ phí trước bạ không?' },
    ],
    answers: ['Hộ kinh doanh có doanh thu từ 100 triệu đồng/năm trở xuống không phải nộp thuế GTGT và thuế TNCN.'],
  },
  investment: {
    local: 0,
    weight: 2,
    templates: [
      { type: 'question', title: 'Hỏi thủ tục đăng ký thành lập doanh nghiệp', content: 'Tôi muốn thành lập công ty TNHH, xin hỏi hồ sơ và thời gian giải quyết.' },
      { type: 'feedback', title: 'Chậm cấp giấy chứng nhận đăng ký kinh doanh', content: 'Hồ sơ đăng ký doanh nghiệp mã {ma} đã quá hẹn {n} ngày.' },
    ],
    answers: ['Hồ sơ đăng ký doanh nghiệp được giải quyết trong 3 ngày làm việc khi hợp lệ; nộp trực tuyến trên Cổng thông tin quốc gia về đăng ký doanh nghiệp.'],
  },
  trade: {
    local: 0.2,
    weight: 2,
    agencies: ['so-cong-thuong', 'chi-cuc-quan-ly-thi-truong'],
    templates: [
      { type: 'feedback', title: 'Bán hàng không niêm yết giá ở chợ {xa}', content: 'Nhiều sạp ở chợ {xa} không niêm yết giá, bán giá cao cho khách.' },
      { type: 'feedback', title: 'Cửa hàng xăng dầu ngưng bán', content: 'Cửa hàng xăng dầu trên {duong} treo biển hết hàng.' },
    ],
    answers: ['Lực lượng quản lý thị trường đã kiểm tra, xử phạt và yêu cầu niêm yết giá.'],
  },
  culture_tourism: {
    local: 0.4,
    weight: 1,
    templates: [
      { type: 'question', title: 'Hỏi giờ mở cửa khu di tích', content: 'Xin hỏi giờ mở cửa và giá vé khu di tích gần {xa}.' },
      { type: 'feedback', title: 'Loa quảng cáo công suất lớn gây ồn', content: 'Cửa hàng ở {noi} mở loa quảng cáo cả ngày gây ồn.' },
    ],
    answers: ['Khu di tích mở cửa từ 7 giờ đến 17 giờ hằng ngày, miễn phí vé vào cổng.'],
  },
  information: {
    local: 0.1,
    weight: 2,
    templates: [
      { type: 'feedback', title: 'Sóng điện thoại yếu ở {noi}', content: 'Ở {noi} sóng điện thoại và internet rất yếu, không học trực tuyến được.' },
      { type: 'feedback', title: 'Tin nhắn lừa đảo mạo danh cơ quan nhà nước', content: 'Tôi nhận tin nhắn mạo danh công an yêu cầu cài ứng dụng, nhờ cảnh báo người dân.' },
    ],
    answers: ['Sở KH&CN đã đề nghị doanh nghiệp viễn thông kiểm tra và bổ sung trạm phát sóng.'],
  },
  other: {
    local: 0.7,
    weight: 3,
    templates: [
      { type: 'question', title: 'Hỏi số điện thoại UBND {xa}', content: 'Xin số điện thoại bộ phận một cửa UBND {xa}.' },
      { type: 'suggestion', title: 'Góp ý về tổ chức lấy ý kiến người dân', content: 'Đề nghị {xa} thông báo rộng rãi lịch họp dân ở {noi}.' },
    ],
    answers: ['Tổng đài đã cung cấp thông tin liên hệ của cơ quan.'],
  },
};
