/**
 * Every error the API can answer with: a stable machine-readable code, its HTTP status, and
 * a message in Vietnamese (the default) and English. Clients switch on `code`, people read
 * `title`. Add new codes here, never inline.
 */
export const errorCatalog = {
  'request.malformed_json': { status: 400, vi: 'Nội dung yêu cầu không phải JSON hợp lệ.', en: 'The request body is not valid JSON.' },
  'request.invalid_utf8': { status: 400, vi: 'Nội dung yêu cầu không phải văn bản UTF-8 hợp lệ.', en: 'The request body is not valid UTF-8 text.' },
  'request.too_deep': { status: 400, vi: 'Dữ liệu JSON lồng nhau quá nhiều cấp.', en: 'The JSON body is nested too deeply.' },
  'request.empty_body': { status: 400, vi: 'Yêu cầu thiếu nội dung.', en: 'The request body is empty.' },
  'request.invalid_parameters': { status: 400, vi: 'Tham số của yêu cầu không hợp lệ.', en: 'The request parameters are invalid.' },
  'request.malformed_multipart': { status: 400, vi: 'Nội dung gửi lên không phải multipart/form-data hợp lệ.', en: 'The request body is not valid multipart/form-data.' },
  'request.validation_failed': { status: 422, vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The submitted data is invalid.' },
  'request.unsupported_media_type': { status: 415, vi: 'Kiểu nội dung không được hỗ trợ; hãy gửi application/json.', en: 'Unsupported content type; send application/json.' },
  'request.body_too_large': { status: 413, vi: 'Nội dung yêu cầu vượt quá dung lượng cho phép.', en: 'The request body is larger than allowed.' },
  'request.too_many': { status: 429, vi: 'Quá nhiều yêu cầu; vui lòng thử lại sau.', en: 'Too many requests; please try again later.' },
  'request.not_found': { status: 404, vi: 'Không tìm thấy địa chỉ yêu cầu.', en: 'No such route.' },
  'request.method_not_allowed': { status: 405, vi: 'Phương thức không được hỗ trợ cho địa chỉ này.', en: 'Method not allowed for this route.' },
  'server.unavailable': { status: 503, vi: 'Hệ thống đang quá tải hoặc tạm ngừng; vui lòng thử lại sau.', en: 'The service is overloaded or unavailable; please try again later.' },
  'server.internal': { status: 500, vi: 'Đã xảy ra lỗi hệ thống. Vui lòng thử lại hoặc báo cho quản trị viên kèm mã lỗi.', en: 'An internal error occurred. Please retry or report it to the administrator with the error id.' },
  'auth.unauthenticated': { status: 401, vi: 'Bạn cần đăng nhập.', en: 'You need to sign in.' },
  'auth.invalid_credentials': { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  'auth.session_expired': { status: 401, vi: 'Phiên làm việc đã hết hạn; vui lòng đăng nhập lại.', en: 'Your session has expired; please sign in again.' },
  'auth.too_many_attempts': { status: 429, vi: 'Đăng nhập sai quá nhiều lần; vui lòng thử lại sau.', en: 'Too many failed sign-in attempts; try again later.' },
  'auth.csrf_failed': { status: 403, vi: 'Yêu cầu không hợp lệ (thiếu mã chống giả mạo); hãy tải lại trang.', en: 'Request refused (missing or wrong CSRF token); reload the page.' },
  'auth.password_change_required': { status: 403, vi: 'Bạn cần đổi mật khẩu trước khi tiếp tục.', en: 'You must change your password before continuing.' },
  'auth.weak_password': { status: 422, vi: 'Mật khẩu chưa đủ mạnh.', en: 'The password is not strong enough.' },
  'auth.wrong_password': { status: 422, vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
  'auth.otp_required': { status: 401, vi: 'Nhập mã xác thực hai lớp (6 chữ số trong ứng dụng xác thực) hoặc một mã khôi phục.', en: 'Enter your two-factor code (6 digits from your authenticator app) or a recovery code.' },
  'auth.otp_invalid': { status: 401, vi: 'Mã xác thực hai lớp không đúng hoặc đã được dùng.', en: 'The two-factor code is wrong or was already used.' },
  'auth.mfa_enrolment_required': { status: 403, vi: 'Vai trò của bạn bắt buộc xác thực hai lớp; hãy cài đặt trước khi tiếp tục.', en: 'Your role requires two-factor authentication; set it up before continuing.' },
  'auth.mfa_already_enabled': { status: 409, vi: 'Xác thực hai lớp đã được bật.', en: 'Two-factor authentication is already on.' },
  'auth.mfa_not_started': { status: 409, vi: 'Chưa bắt đầu cài đặt xác thực hai lớp.', en: 'Two-factor setup has not been started.' },
  'auth.mfa_required_for_role': { status: 422, vi: 'Vai trò của bạn bắt buộc xác thực hai lớp; không thể tắt.', en: 'Your role requires two-factor authentication; it cannot be turned off.' },
  'auth.invalid_token': { status: 401, vi: 'Mã truy cập (API token) không hợp lệ, đã bị thu hồi hoặc đã hết hạn.', en: 'The API token is invalid, revoked or expired.' },
  'auth.forbidden': { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  'resource.not_found': { status: 404, vi: 'Không tìm thấy dữ liệu yêu cầu.', en: 'The requested record was not found.' },
  'resource.conflict': { status: 409, vi: 'Dữ liệu đã bị thay đổi bởi người khác; hãy tải lại và thử lại.', en: 'The record was changed by someone else; reload and try again.' },
  'ticket.invalid_transition': { status: 409, vi: 'Không thể thực hiện thao tác này ở trạng thái hiện tại của phiếu.', en: 'This action is not possible in the ticket’s current state.' },
  'ticket.version_conflict': { status: 409, vi: 'Phiếu vừa được người khác cập nhật; hãy tải lại và thử lại.', en: 'The ticket was just changed by someone else; reload and try again.' },
  'ticket.not_found': { status: 404, vi: 'Không tìm thấy phiếu.', en: 'Ticket not found.' },
  'ticket.reopen_not_allowed': { status: 409, vi: 'Không thể mở lại phiếu: đã quá thời hạn hoặc số lần cho phép.', en: 'The ticket can no longer be reopened (time window or limit reached).' },
  'ticket.agency_ended': { status: 422, vi: 'Đơn vị này đã chấm dứt hoạt động; hãy chọn đơn vị kế thừa.', en: 'This unit no longer exists; choose its successor.' },
  'ticket.extension_already_requested': { status: 409, vi: 'Cơ quan đã đề nghị gia hạn cho phiếu này; mỗi phiếu chỉ được đề nghị gia hạn một lần.', en: 'The agency already asked for an extension on this ticket; only one request is allowed.' },
  'ticket.extension_not_requested': { status: 409, vi: 'Không có đề nghị gia hạn nào đang chờ quyết định.', en: 'There is no pending extension request.' },
  'ticket.progress_report_not_due': { status: 409, vi: 'Chỉ báo cáo tiến độ khi đã quá hạn trả lời.', en: 'A progress report is due only once the answer deadline has passed.' },
  'routing_rule.unit_ended': { status: 422, vi: 'Quy tắc chuyển phiếu trỏ đến đơn vị đã chấm dứt hoạt động; hãy chọn đơn vị kế thừa.', en: 'The routing rule points to a unit that no longer exists; choose its successor.' },
  'deadline_policy.overlap': { status: 409, vi: 'Thời gian hiệu lực trùng với một phiên bản quy định thời hạn khác.', en: 'The effective dates overlap another deadline policy version.' },
  'deadline_policy.in_past': { status: 422, vi: 'Phiên bản quy định thời hạn mới chỉ có hiệu lực từ hôm nay trở đi.', en: 'A new deadline policy version can only take effect from today on.' },
  'idempotency.key_reused': { status: 422, vi: 'Khóa Idempotency-Key đã được dùng cho một yêu cầu khác.', en: 'This Idempotency-Key was already used for a different request.' },
  'user.username_taken': { status: 409, vi: 'Tên đăng nhập đã được sử dụng.', en: 'This username is already taken.' },
  'attachment.type_not_allowed': { status: 415, vi: 'Loại tệp không được phép. Chỉ nhận ảnh (JPEG, PNG, WebP, HEIC), tài liệu PDF, Word (DOC, DOCX) và Excel (XLS, XLSX).', en: 'File type not allowed. Accepted: images (JPEG, PNG, WebP, HEIC), PDF, Word (DOC, DOCX) and Excel (XLS, XLSX) documents.' },
  'attachment.too_large': { status: 413, vi: 'Tệp đính kèm vượt quá dung lượng cho phép.', en: 'The attached file is larger than allowed.' },
  'attachment.not_found': { status: 404, vi: 'Không tìm thấy tệp đính kèm.', en: 'Attachment not found.' },
  'attachment.not_accepted': { status: 409, vi: 'Phiếu ở trạng thái hiện tại không nhận thêm tệp đính kèm.', en: 'The ticket does not accept attachments in its current state.' },
  'user.self_lockout': { status: 422, vi: 'Bạn không thể tự vô hiệu hóa tài khoản của mình hoặc tự bỏ vai trò quản trị (admin) của mình.', en: 'You cannot disable your own account or remove your own admin role.' },
  'org_unit.version_conflict': { status: 409, vi: 'Đơn vị vừa được người khác cập nhật; hãy tải lại và thử lại.', en: 'The unit was just changed by someone else; reload and try again.' },
  'org_unit.code_taken': { status: 409, vi: 'Mã đơn vị đã được sử dụng.', en: 'This unit code is already taken.' },
  'org_unit.invalid_period': { status: 422, vi: 'Ngày hết hiệu lực phải từ ngày bắt đầu hiệu lực trở đi.', en: 'The end of validity must not be before its start.' },
  'org_unit.parent_cycle': { status: 422, vi: 'Đơn vị cấp trên không được là chính đơn vị này hoặc một đơn vị trực thuộc nó.', en: 'The parent cannot be the unit itself or one of its descendants.' },
  'org_unit.email_required': { status: 422, vi: 'Đơn vị chỉ nhận phiếu qua email phải có địa chỉ email.', en: 'An email-only unit needs an email address.' },
  'org_unit.invalid_successors': { status: 422, vi: 'Danh sách đơn vị kế thừa không hợp lệ.', en: 'The list of successor units is invalid.' },
  'org_unit.invalid_focal_points': { status: 422, vi: 'Đầu mối phải là tài khoản đang hoạt động của chính đơn vị này.', en: 'Focal points must be active accounts of this unit.' },
  'domain.code_taken': { status: 409, vi: 'Mã lĩnh vực đã được sử dụng.', en: 'This domain code is already taken.' },
  'calendar.invalid_days': { status: 422, vi: 'Danh sách ngày nghỉ, ngày làm bù không hợp lệ; không ngày nào được lưu.', en: 'The list of holidays and make-up days is invalid; nothing was saved.' },
  'notification.not_found': { status: 404, vi: 'Không tìm thấy thông báo.', en: 'Notification not found.' },
  'agency_link.invalid': { status: 404, vi: 'Liên kết trả lời không hợp lệ.', en: 'This answer link is not valid.' },
  'agency_link.expired': { status: 410, vi: 'Liên kết trả lời đã hết hạn; hãy liên hệ Tổng đài 1022 để được gửi liên kết mới.', en: 'This answer link has expired; contact the 1022 hotline for a new one.' },
  'agency_link.used': { status: 409, vi: 'Liên kết trả lời đã được sử dụng hoặc đã bị thay thế bằng liên kết mới.', en: 'This answer link was already used or has been replaced by a newer one.' },
  'agency_link.not_waiting': { status: 409, vi: 'Phiếu không còn chờ cơ quan của bạn trả lời.', en: 'The ticket is no longer waiting for your agency’s answer.' },
  'agency_link.no_email': { status: 422, vi: 'Đơn vị chỉ nhận phiếu qua email nhưng chưa có địa chỉ email; hãy cập nhật đơn vị trước khi chuyển.', en: 'The email-only unit has no email address; update the unit before forwarding.' },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalog;
export type Language = 'vi' | 'en';

/** The RFC 9457 problem document every error response carries. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  errors?: Array<{ path: string; message: string }>;
  errorId?: string;
}

/** The title of a code in the given language. */
export function errorTitle(code: ErrorCode, lang: Language): string {
  return errorCatalog[code][lang];
}
