<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>AcceptDialog</name>
    <message>
      <source>Accept the case</source>
      <translation>受理案件</translation>
    </message>
    <message>
      <source>Mediation should normally be concluded within one month of acceptance.</source>
      <translation>调解一般应当自受理之日起一个月内办结。</translation>
    </message>
    <message>
      <source>Accepted on</source>
      <translation>受理日期</translation>
    </message>
  </context>
  <context>
    <name>ActionDialog</name>
    <message>
      <source>OK</source>
      <translation>确定</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>ActivityForm</name>
    <message>
      <source>e.g. East village committee square</source>
      <translation>如：东港村村委会广场</translation>
    </message>
    <message>
      <source>e.g. The Civil Code in every home</source>
      <translation>如：民法典进万家</translation>
    </message>
    <message>
      <source> people</source>
      <translation> 人</translation>
    </message>
    <message>
      <source> copies</source>
      <translation> 份</translation>
    </message>
    <message>
      <source>What was done, questions answered, partners</source>
      <translation>活动开展情况、解答咨询人次、联合单位等</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>活动日期</translation>
    </message>
    <message>
      <source>Kind of place</source>
      <translation>场所类型</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>活动地点</translation>
    </message>
    <message>
      <source>Form</source>
      <translation>宣传形式</translation>
    </message>
    <message>
      <source>Theme</source>
      <translation>宣传主题</translation>
    </message>
    <message>
      <source>Materials handed out</source>
      <translation>发放资料</translation>
    </message>
    <message>
      <source>Audience</source>
      <translation>受众人数</translation>
    </message>
    <message>
      <source>Staff taking part</source>
      <translation>参与人员</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>活动情况</translation>
    </message>
    <message>
      <source>Photos</source>
      <translation>活动照片</translation>
    </message>
    <message>
      <source>Save (Ctrl+S)</source>
      <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
      <source>New activity</source>
      <translation>新建活动</translation>
    </message>
    <message>
      <source>New publicity activity</source>
      <translation>登记普法宣传活动</translation>
    </message>
    <message>
      <source>Publicity activity %1</source>
      <translation>普法宣传活动 %1</translation>
    </message>
    <message>
      <source>Tick at least one member of staff who took part.</source>
      <translation>请至少勾选一名参与活动的工作人员。</translation>
    </message>
  </context>
  <context>
    <name>AddOperatorDialog</name>
    <message>
      <source>Add an operator</source>
      <translation>添加操作员</translation>
    </message>
    <message>
      <source>letters and digits, e.g. liming</source>
      <translation>英文字母和数字，如 liming</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Password (at least 8 characters)</source>
      <translation>密码（至少8位）</translation>
    </message>
    <message>
      <source>Repeat the password</source>
      <translation>再次输入密码</translation>
    </message>
    <message>
      <source>Mediators record and print; station administrators also manage operators and station settings.</source>
      <translation>调解员可以登记和打印；站点管理员还可以管理操作员和站点设置。</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>添加</translation>
    </message>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
  </context>
  <context>
    <name>AgreementDialog</name>
    <message>
      <source>Record the agreement</source>
      <translation>登记调解协议</translation>
    </message>
    <message>
      <source>Written by the mediator; leave empty where responsibility is not apportioned (e.g. family disputes): the agreement then leaves the line out</source>
      <translation>由调解员写明各方责任；不划分责任的纠纷（如婚姻家庭）可不填，协议书中不印此项</translation>
    </message>
    <message>
      <source>e.g. pay in cash in one sum</source>
      <translation>例如：一次性现金支付</translation>
    </message>
    <message>
      <source>Has a performance deadline</source>
      <translation>有履行期限</translation>
    </message>
    <message>
      <source>0.00</source>
      <translation>0.00</translation>
    </message>
    <message>
      <source>The parties applied for judicial confirmation</source>
      <translation>当事人已申请司法确认</translation>
    </message>
    <message>
      <source>Form</source>
      <translation>协议形式</translation>
    </message>
    <message>
      <source>Agreed terms</source>
      <translation>协议内容</translation>
    </message>
    <message>
      <source>Responsibility of each party</source>
      <translation>各方责任</translation>
    </message>
    <message>
      <source>Manner of performance</source>
      <translation>履行方式</translation>
    </message>
    <message>
      <source>Place of performance</source>
      <translation>履行地点</translation>
    </message>
    <message>
      <source>Performance deadline</source>
      <translation>履行期限</translation>
    </message>
    <message>
      <source>Effective on</source>
      <translation>生效日期</translation>
    </message>
    <message>
      <source>Amount agreed (yuan)</source>
      <translation>协议金额（元）</translation>
    </message>
    <message>
      <source>Copies</source>
      <translation>协议份数</translation>
    </message>
    <message>
      <source>A written agreement takes effect when every party and the mediator have signed and the committee's seal is affixed. The parties may apply to the court for judicial confirmation within 30 days.</source>
      <translation>书面协议自各方当事人签名、盖章或按指印，人民调解员签名并加盖调解委员会印章之日起生效。当事人可自协议生效之日起30日内共同向人民法院申请司法确认。</translation>
    </message>
    <message>
      <source>Check the agreement</source>
      <translation>请核对调解协议</translation>
    </message>
    <message>
      <source>Save the agreement as it is?</source>
      <translation>仍按现在的内容保存协议吗？选“否”返回修改。</translation>
    </message>
  </context>
  <context>
    <name>Aid</name>
    <message>
      <source>Urgent: less than %1 days to the deadline; legal aid may be provided first (Legal Aid Law art. 44)</source>
      <translation>紧急：期限不足%1日，可先行提供法律援助（法律援助法第四十四条）</translation>
    </message>
  </context>
  <context>
    <name>AidPage</name>
    <message>
      <source>New aid application</source>
      <translation>新建法律援助申请</translation>
    </message>
    <message>
      <source>Legal aid application saved.</source>
      <translation>法律援助申请已保存。</translation>
    </message>
  </context>
  <context>
    <name>AuditPage</name>
    <message>
      <source>Audit log</source>
      <translation>操作日志</translation>
    </message>
    <message>
      <source>Every creation, change, status change, voiding, print, export, backup, login and viewing of a full ID number, with who did it and when. Entries cannot be changed or deleted in this program, and each one is linked to the one before it: a change made outside the program shows below. Double-click an entry to open its record.</source>
      <translation>记录每一次新建、修改、状态变更、作废、打印、导出、备份、登录和查看完整证件号码，以及操作人和时间。日志在本程序中不能修改或删除，且每条都与前一条相连：在本程序之外所做的改动会在下方显示。双击一条日志可打开对应记录。</translation>
    </message>
    <message>
      <source>Verifying the audit log...</source>
      <translation>正在核对操作日志……</translation>
    </message>
    <message>
      <source>All operators</source>
      <translation>全部操作员</translation>
    </message>
    <message>
      <source>All actions</source>
      <translation>全部操作</translation>
    </message>
    <message>
      <source>All records</source>
      <translation>全部记录</translation>
    </message>
    <message>
      <source>Number, name or ID number (Enter)</source>
      <translation>编号、姓名或证件号码（回车查询）</translation>
    </message>
    <message>
      <source>Date from</source>
      <translation>日期从</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>查询</translation>
    </message>
    <message>
      <source>Export to CSV...</source>
      <translation>导出为CSV……</translation>
    </message>
    <message>
      <source>Audit log intact (%1 entries, verified)</source>
      <translation>操作日志完整（共 %1 条，已核对）</translation>
    </message>
    <message>
      <source>Audit log %1: entries were deleted or changed outside this program</source>
      <translation>操作日志%1：有日志在本程序之外被删除或改动</translation>
    </message>
    <message>
      <source>The audit log could not be verified: %1</source>
      <translation>无法核对操作日志：%1</translation>
    </message>
    <message>
      <source>%1 entries</source>
      <translation>共%1条</translation>
    </message>
    <message>
      <source>This entry has no record to open.</source>
      <translation>这条日志没有可打开的记录。</translation>
    </message>
    <message>
      <source>audit-log-%1.csv</source>
      <translation>操作日志-%1.csv</translation>
    </message>
    <message>
      <source>Export the audit log</source>
      <translation>导出操作日志</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV文件 (*.csv)</translation>
    </message>
    <message>
      <source>Exporting the audit log...</source>
      <translation>正在导出操作日志……</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出数据包</translation>
    </message>
    <message>
      <source>%1 entries exported to %2 (the export is in the audit log too).</source>
      <translation>已导出%1条到 %2（本次导出也已记入操作日志）。</translation>
    </message>
    <message>
      <source>Export cancelled; no file was written.</source>
      <translation>已取消导出，没有写入文件。</translation>
    </message>
  </context>
  <context>
    <name>AutoBackup</name>
    <message>
      <source>Last backup: %1</source>
      <extracomment>The exit backup's progress dialog appears only when the backup takes longer than this.</extracomment>
      <translation>上次备份：%1</translation>
    </message>
    <message>
      <source>Automatic backup written: %1</source>
      <translation>已自动备份：%1</translation>
    </message>
    <message>
      <source>Automatic backup failed</source>
      <translation>自动备份失败</translation>
    </message>
    <message>
      <source>Automatic backup failed: %1</source>
      <translation>自动备份失败：%1</translation>
    </message>
    <message>
      <source>Backing up before closing...</source>
      <translation>正在退出前备份……</translation>
    </message>
    <message>
      <source>Skip</source>
      <translation>跳过</translation>
    </message>
    <message>
      <source>Backup</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>Backup failed</source>
      <translation>备份失败</translation>
    </message>
    <message>
      <source>The backup before closing failed:
%1

Your records are saved; please make a backup to a USB stick from the Backups page soon.</source>
      <translation>退出前的备份失败：
%1

您的记录已保存；请尽快在“备份”页面备份到U盘。</translation>
    </message>
  </context>
  <context>
    <name>AwaitingTableModel</name>
    <message>
      <source>Station</source>
      <translation>站点</translation>
    </message>
    <message>
      <source>Application No.</source>
      <translation>申请编号</translation>
    </message>
    <message>
      <source>Applicant</source>
      <translation>申请人</translation>
    </message>
    <message>
      <source>Decision</source>
      <translation>决定</translation>
    </message>
    <message>
      <source>Assigned lawyer</source>
      <translation>承办律师</translation>
    </message>
    <message>
      <source>Decision date</source>
      <translation>决定日期</translation>
    </message>
    <message>
      <source>Entered</source>
      <translation>录入时间</translation>
    </message>
  </context>
  <context>
    <name>BackgroundUploader</name>
    <message>
      <source>County decisions on legal aid applications applied: %1</source>
      <extracomment>Conflicts the county reported that wait to be settled here.</extracomment>
      <translation>已更新县级中心对法律援助申请的决定：%1 件</translation>
    </message>
    <message>
      <source>The county center reported %1 record(s) it holds differently: see Sync</source>
      <translation>县级中心报告 %1 条记录与本站不同，请到“同步”页面核对</translation>
    </message>
  </context>
  <context>
    <name>BackupPage</name>
    <message>
      <source>Backups</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>A backup is made automatically when the program starts (if the last one is more than a day old) and when it closes. The newest backup of each of the last 7 days, 4 weeks and 12 months is kept.</source>
      <translation>程序启动时（若上次备份已超过一天）和退出时会自动备份。保留最近7天、4周和12个月中每一段的最新备份。</translation>
    </message>
    <message>
      <source>Backups are encrypted: they open only with this station's passwords or its recovery code.</source>
      <translation>备份是加密的：只有本站的密码或恢复码才能打开。</translation>
    </message>
    <message>
      <source>Automatic backups are kept in:</source>
      <translation>自动备份保存在：</translation>
    </message>
    <message>
      <source>Open folder</source>
      <translation>打开文件夹</translation>
    </message>
    <message>
      <source>Back up now</source>
      <translation>立即备份</translation>
    </message>
    <message>
      <source>Back up to a USB stick or folder...</source>
      <translation>备份到U盘或文件夹……</translation>
    </message>
    <message>
      <source>Automatic backups on this computer</source>
      <translation>本机的自动备份</translation>
    </message>
    <message>
      <source>No backup has been made on this computer yet.</source>
      <translation>本机还没有备份。</translation>
    </message>
    <message>
      <source>Restore the selected backup...</source>
      <translation>恢复所选备份……</translation>
    </message>
    <message>
      <source>Restore from a file...</source>
      <translation>从备份文件恢复……</translation>
    </message>
    <message>
      <source>Only the station admin can restore backups.</source>
      <translation>只有站点管理员可以恢复备份。</translation>
    </message>
    <message>
      <source>No backup yet on this computer.</source>
      <translation>本机还没有备份。</translation>
    </message>
    <message>
      <source>Last backup: %1</source>
      <translation>上次备份：%1</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Choose the USB stick (or a folder) to back up to</source>
      <translation>选择要备份到的U盘（或文件夹）</translation>
    </message>
    <message>
      <source>Backing up...</source>
      <translation>正在备份……</translation>
    </message>
    <message>
      <source>Backup</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>Backup written and verified:
%1</source>
      <translation>备份已写入并校验无误：
%1</translation>
    </message>
    <message>
      <source>Backup written: %1</source>
      <translation>已备份：%1</translation>
    </message>
    <message>
      <source>Backup failed</source>
      <translation>备份失败</translation>
    </message>
    <message>
      <source>Choose the backup file to restore</source>
      <translation>选择要恢复的备份文件</translation>
    </message>
    <message>
      <source>Backup files (*.wsbak);;All files (*)</source>
      <translation>备份文件 (*.wsbak);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Checking the backup...</source>
      <translation>正在校验备份……</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>This backup was made on another computer or for another station. Enter a user name and the password it had when the backup was made, or the station's recovery code.</source>
      <translation>此备份来自另一台电脑或另一个站点。请输入一个用户名和做备份时它的密码，或该站点的恢复码。</translation>
    </message>
    <message>
      <source>Cannot restore this backup</source>
      <translation>无法恢复此备份</translation>
    </message>
    <message>
      <source>Restore cancelled; nothing was changed.</source>
      <translation>已取消恢复，没有任何改动。</translation>
    </message>
    <message>
      <source>Restoring... Do not switch the computer off.</source>
      <translation>正在恢复……请勿关闭电脑。</translation>
    </message>
    <message>
      <source>The backup was restored.</source>
      <translation>备份已恢复。</translation>
    </message>
    <message>
      <source>Please log in again.</source>
      <translation>请重新登录。</translation>
    </message>
    <message>
      <source>Restore failed</source>
      <translation>恢复失败</translation>
    </message>
  </context>
  <context>
    <name>BackupTableModel</name>
    <message>
      <source>Made at</source>
      <translation>备份时间</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>Records</source>
      <translation>记录数</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>%1 consultations, %2 mediations, %3 aid applications</source>
      <translation>咨询 %1，调解 %2，法律援助 %3</translation>
    </message>
    <message>
      <source>Verified</source>
      <translation>已校验</translation>
    </message>
    <message>
      <source>Damaged</source>
      <translation>已损坏</translation>
    </message>
  </context>
  <context>
    <name>BarChart</name>
    <message>
      <source>%1 (10,000 yuan)</source>
      <extracomment>Share of the chart's width the labels of a horizontal chart may take. Qt draws bars at this share of their category's room (QAbstractBarSeries' default). Amounts are drawn in 10,000 yuan (万元) so bars keep short labels. Category keys (row or column keys) in axis order, bar-set column keys, their labels. "0" drawn at the foot of each empty bar (Qt leaves zero bars unlabelled).</extracomment>
      <translation>%1万元</translation>
    </message>
    <message>
      <source>Click to see the records</source>
      <translation>点击查看对应的记录</translation>
    </message>
  </context>
  <context>
    <name>BundleTableModel</name>
    <message>
      <source>No.</source>
      <extracomment>QSettings keys: the folders last used for export, acknowledgements and key files. The county-key button while no key is set: it is the next thing to do. What the county found in this station's audit trail (sync/audit_findings.py).</extracomment>
      <translation>序号</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Changes</source>
      <translation>更改范围</translation>
    </message>
    <message>
      <source>Records</source>
      <translation>记录数</translation>
    </message>
    <message>
      <source>Exported</source>
      <translation>导出时间</translation>
    </message>
    <message>
      <source>County acknowledgement</source>
      <translation>县级中心回执</translation>
    </message>
    <message>
      <source>Change log entries %1 to %2</source>
      <translation>更改记录第 %1 至 %2 条</translation>
    </message>
    <message>
      <source>Not yet</source>
      <translation>未确认</translation>
    </message>
    <message>
      <source>Yes, %1</source>
      <translation>已确认（%1）</translation>
    </message>
  </context>
  <context>
    <name>CaseForm</name>
    <message>
      <source>New mediation case</source>
      <extracomment>The case being corrected (更正), or None for a new one. The stored parties of a case being corrected (a correction never changes them). The user asked to go back to the list (the form keeps its contents).</extracomment>
      <translation>人民调解案件登记</translation>
    </message>
    <message>
      <source>e.g. Haigang District People's Court</source>
      <translation>例如：海港区人民法院</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>案件来源</translation>
    </message>
    <message>
      <source>Kind of referring body</source>
      <translation>移送单位类别</translation>
    </message>
    <message>
      <source>Referred by</source>
      <translation>移送单位</translation>
    </message>
    <message>
      <source>Dispute type</source>
      <translation>纠纷类型</translation>
    </message>
    <message>
      <source>Registered on</source>
      <translation>登记日期</translation>
    </message>
    <message>
      <source>Mediation committee</source>
      <translation>人民调解委员会</translation>
    </message>
    <message>
      <source>Parties</source>
      <translation>当事人</translation>
    </message>
    <message>
      <source>Add party</source>
      <translation>添加当事人</translation>
    </message>
    <message>
      <source>What happened, between whom, since when</source>
      <translation>纠纷发生的经过、涉及哪些人、持续多久</translation>
    </message>
    <message>
      <source>What the applicant asks for</source>
      <translation>申请人的具体请求</translation>
    </message>
    <message>
      <source>0.00 (leave empty if none)</source>
      <translation>0.00（不涉及金额可不填）</translation>
    </message>
    <message>
      <source>Names, separated by 、</source>
      <translation>填写姓名，多人用“、”分隔</translation>
    </message>
    <message>
      <source>Facts of the dispute</source>
      <translation>纠纷事实</translation>
    </message>
    <message>
      <source>Claims</source>
      <translation>申请事项</translation>
    </message>
    <message>
      <source>Amount involved (yuan)</source>
      <translation>涉及金额（元）</translation>
    </message>
    <message>
      <source>Mediator</source>
      <translation>调解员</translation>
    </message>
    <message>
      <source>Assisting mediators</source>
      <translation>协助调解员</translation>
    </message>
    <message>
      <source>Back to list</source>
      <translation>返回列表</translation>
    </message>
    <message>
      <source>Discard</source>
      <translation>放弃</translation>
    </message>
    <message>
      <source>Save (Ctrl+S)</source>
      <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
      <source>Correct mediation case %1</source>
      <extracomment>The 12348 work order this new case handles (linked once it is saved).</extracomment>
      <translation>更正调解案件 %1</translation>
    </message>
    <message>
      <source>The responsible mediator is not changed by a correction.</source>
      <translation>更正不改变承办调解员。</translation>
    </message>
    <message>
      <source>Please check: these parties already are in open mediation cases (a reminder only; you can still save).</source>
      <translation>请注意核实：以下当事人已是未结调解案件的当事人（仅作提醒，不影响保存）。</translation>
    </message>
  </context>
  <context>
    <name>CaseView</name>
    <message>
      <source>Back to list</source>
      <extracomment>The case was changed by a step (after the view reloaded). A load finished (for tests and status bars).</extracomment>
      <translation>返回列表</translation>
    </message>
    <message>
      <source>Case file steps</source>
      <translation>案卷材料</translation>
    </message>
    <message>
      <source>mediation case</source>
      <translation>调解案件</translation>
    </message>
    <message>
      <source>Case</source>
      <translation>基本情况</translation>
    </message>
    <message>
      <source>Parties</source>
      <translation>当事人</translation>
    </message>
    <message>
      <source>Progress</source>
      <translation>办理经过</translation>
    </message>
    <message>
      <source>Mediation sessions</source>
      <translation>调解记录</translation>
    </message>
    <message>
      <source>Agreement</source>
      <translation>调解协议</translation>
    </message>
    <message>
      <source>Follow-up visits</source>
      <translation>回访记录</translation>
    </message>
    <message>
      <source>Ratings</source>
      <translation>群众评价</translation>
    </message>
    <message>
      <source>Case file records</source>
      <translation>案卷记录</translation>
    </message>
    <message>
      <source>Accept</source>
      <translation>受理</translation>
    </message>
    <message>
      <source>Record session</source>
      <translation>记录调解</translation>
    </message>
    <message>
      <source>Agreement reached</source>
      <translation>达成协议</translation>
    </message>
    <message>
      <source>Mediation failed</source>
      <translation>调解不成</translation>
    </message>
    <message>
      <source>Terminate</source>
      <translation>终止调解</translation>
    </message>
    <message>
      <source>Follow-up visit</source>
      <translation>回访</translation>
    </message>
    <message>
      <source>Archive</source>
      <translation>归档</translation>
    </message>
    <message>
      <source>Extend deadline</source>
      <translation>延长期限</translation>
    </message>
    <message>
      <source>Judicial confirmation</source>
      <translation>司法确认</translation>
    </message>
    <message>
      <source>Rights and duties notified...</source>
      <translation>登记权利义务告知……</translation>
    </message>
    <message>
      <source>Investigation...</source>
      <translation>登记调查记录……</translation>
    </message>
    <message>
      <source>Result of judicial confirmation...</source>
      <translation>登记司法确认结果……</translation>
    </message>
    <message>
      <source>Supervise performance...</source>
      <translation>登记督促履行……</translation>
    </message>
    <message>
      <source>Feedback letter sent...</source>
      <translation>登记反馈函……</translation>
    </message>
    <message>
      <source>Could not open the case</source>
      <translation>无法打开该案件</translation>
    </message>
    <message>
      <source>Concluded on %1</source>
      <translation>%1 办结</translation>
    </message>
    <message>
      <source>Deadline %1 (%2)</source>
      <translation>期限 %1（%2）</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>案件来源</translation>
    </message>
    <message>
      <source>Dispute type</source>
      <translation>纠纷类型</translation>
    </message>
    <message>
      <source>Registered on</source>
      <translation>登记日期</translation>
    </message>
    <message>
      <source>Accepted on</source>
      <translation>受理日期</translation>
    </message>
    <message>
      <source> (extended by %1 days: %2)</source>
      <translation>（已延长 %1 天：%2）</translation>
    </message>
    <message>
      <source>Deadline</source>
      <translation>调解期限</translation>
    </message>
    <message>
      <source>Mediation committee</source>
      <translation>人民调解委员会</translation>
    </message>
    <message>
      <source>Mediator</source>
      <translation>调解员</translation>
    </message>
    <message>
      <source>Assisting mediators</source>
      <translation>协助调解员</translation>
    </message>
    <message>
      <source>Amount involved</source>
      <translation>涉及金额</translation>
    </message>
    <message>
      <source>%1 yuan</source>
      <translation>%1 元</translation>
    </message>
    <message>
      <source>Facts of the dispute</source>
      <translation>纠纷事实</translation>
    </message>
    <message>
      <source>Claims</source>
      <translation>申请事项</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Record…</source>
      <translation>登记……</translation>
    </message>
    <message>
      <source>Kept from escalating</source>
      <translation>防止激化</translation>
    </message>
    <message>
      <source>legal representative %1</source>
      <translation>法定代表人 %1</translation>
    </message>
    <message>
      <source>Reason: %1</source>
      <translation>原因：%1</translation>
    </message>
    <message>
      <source>Session %1: %2, %3</source>
      <translation>第 %1 次调解：%2，%3</translation>
    </message>
    <message>
      <source>Attendees: %1</source>
      <translation>参加人员：%1</translation>
    </message>
    <message>
      <source>Recorded by: %1</source>
      <translation>记录人：%1</translation>
    </message>
    <message>
      <source>Form</source>
      <translation>协议形式</translation>
    </message>
    <message>
      <source>Effective on</source>
      <translation>生效日期</translation>
    </message>
    <message>
      <source>Agreed terms</source>
      <translation>协议内容</translation>
    </message>
    <message>
      <source>Responsibility of each party</source>
      <translation>各方责任</translation>
    </message>
    <message>
      <source>Manner of performance</source>
      <translation>履行方式</translation>
    </message>
    <message>
      <source>Place of performance</source>
      <translation>履行地点</translation>
    </message>
    <message>
      <source>Performance deadline</source>
      <translation>履行期限</translation>
    </message>
    <message>
      <source>Amount agreed</source>
      <translation>协议金额</translation>
    </message>
    <message>
      <source>Copies</source>
      <translation>协议份数</translation>
    </message>
    <message>
      <source>Applied</source>
      <translation>已申请</translation>
    </message>
    <message>
      <source>Not applied (possible until %1)</source>
      <translation>未申请（可于 %1 前申请）</translation>
    </message>
    <message>
      <source>Performance</source>
      <translation>履行情况</translation>
    </message>
    <message>
      <source>Follow-up due</source>
      <translation>应回访日期</translation>
    </message>
    <message>
      <source>visited: %1</source>
      <translation>被回访人：%1</translation>
    </message>
    <message>
      <source>satisfaction: %1</source>
      <translation>满意度：%1</translation>
    </message>
    <message>
      <source>Record why no agreement could be reached. Tell the parties they may seek other remedies (court, arbitration, administrative).</source>
      <translation>请记录未能达成协议的原因，并告知当事人可以通过诉讼、仲裁、行政等途径依法维护权益。</translation>
    </message>
    <message>
      <source>Terminate mediation</source>
      <translation>终止调解</translation>
    </message>
    <message>
      <source>Record why mediation ends (e.g. a party refuses mediation or has gone to court).</source>
      <translation>请记录终止调解的原因（如当事人拒绝调解、已向法院起诉等）。</translation>
    </message>
    <message>
      <source>Archive the case</source>
      <translation>案件归档</translation>
    </message>
    <message>
      <source>Archive when the case file is complete. An archived case can no longer be changed.</source>
      <translation>卷宗材料齐全后再归档。归档后案件不能再修改。</translation>
    </message>
    <message>
      <source>Saved</source>
      <translation>已保存</translation>
    </message>
  </context>
  <context>
    <name>CloseDialog</name>
    <message>
      <source>The application was not forwarded. Closing it now needs a reason, e.g. the applicant withdrew it.</source>
      <translation>该申请尚未转交，现在办结需要填写原因，例如申请人撤回申请。</translation>
    </message>
    <message>
      <source>Close the referral once the applicant has been told of the decision.</source>
      <translation>已将中心决定告知申请人后即可办结。</translation>
    </message>
    <message>
      <source>Close the referral</source>
      <translation>办结</translation>
    </message>
    <message>
      <source>* Closed on</source>
      <translation>* 办结日期</translation>
    </message>
    <message>
      <source>* Reason</source>
      <translation>* 原因</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
  </context>
  <context>
    <name>CommitteeBanner</name>
    <message>
      <source>Please check the name of the people's mediation committee: documents are issued in its name and must match its seal.</source>
      <translation>请核对人民调解委员会的名称：调解文书以其名义出具，名称必须与印章一致。</translation>
    </message>
    <message>
      <source>Check committees...</source>
      <translation>核对调解委员会……</translation>
    </message>
  </context>
  <context>
    <name>CommitteeEditDialog</name>
    <message>
      <source>Edit mediation committee</source>
      <translation>修改人民调解委员会</translation>
    </message>
    <message>
      <source>Add mediation committee</source>
      <translation>添加人民调解委员会</translation>
    </message>
    <message>
      <source>e.g. Donggang Village People's Mediation Committee</source>
      <translation>如：东港村人民调解委员会</translation>
    </message>
    <message>
      <source>Names, separated by 、</source>
      <translation>填写姓名，多人用“、”分隔</translation>
    </message>
    <message>
      <source>Default committee for new cases</source>
      <translation>新案件默认的调解委员会</translation>
    </message>
    <message>
      <source>Name (as on its seal)</source>
      <translation>名称（与印章一致）</translation>
    </message>
    <message>
      <source>Committee type</source>
      <translation>调解委员会类型</translation>
    </message>
    <message>
      <source>Division code (12 digits)</source>
      <translation>区划代码（12位）</translation>
    </message>
    <message>
      <source>Mediators of this station</source>
      <translation>本站调解员</translation>
    </message>
    <message>
      <source>Other mediators</source>
      <translation>其他调解员</translation>
    </message>
    <message>
      <source>Documents print this name over the committee's seal: write it exactly as the seal reads.</source>
      <translation>文书在印章处打印此名称：请与印章上的文字完全一致。</translation>
    </message>
  </context>
  <context>
    <name>CommitteesDialog</name>
    <message>
      <source>People's mediation committees</source>
      <translation>人民调解委员会</translation>
    </message>
    <message>
      <source>The program made this committee from the station's settings. Mediation documents are issued in its name: check that the name is exactly as on the committee's seal, correct it if needed, then confirm.</source>
      <translation>此调解委员会是程序根据站点设置生成的。调解文书以其名义出具：请核对名称与调解委员会印章完全一致，如有不符请修改，然后确认。</translation>
    </message>
    <message>
      <source>Add...</source>
      <translation>添加……</translation>
    </message>
    <message>
      <source>Edit...</source>
      <translation>修改……</translation>
    </message>
    <message>
      <source>Deactivate</source>
      <translation>停用</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>The names match the seals: confirm</source>
      <translation>名称与印章一致，确认</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>%1 cases</source>
      <translation>%1件案件</translation>
    </message>
    <message>
      <source>default</source>
      <translation>默认</translation>
    </message>
    <message>
      <source>deactivated</source>
      <translation>已停用</translation>
    </message>
    <message>
      <source>Deactivate committee</source>
      <translation>停用调解委员会</translation>
    </message>
    <message>
      <source>Deactivate %1? New cases can no longer choose it; its cases keep it.</source>
      <translation>停用“%1”？新案件将不能再选择它，已有案件保持不变。</translation>
    </message>
    <message>
      <source>Delete committee</source>
      <translation>删除调解委员会</translation>
    </message>
    <message>
      <source>Delete %1? Only a committee without cases can be deleted.</source>
      <translation>删除“%1”？只有没有案件的调解委员会才能删除。</translation>
    </message>
    <message>
      <source>The mediation committees are confirmed.</source>
      <translation>人民调解委员会已确认。</translation>
    </message>
  </context>
  <context>
    <name>ConfirmDialog</name>
    <message>
      <source>Record the receiver's confirmation</source>
      <translation>登记对方接收确认</translation>
    </message>
    <message>
      <source>* Confirmed by</source>
      <translation>* 对方确认人</translation>
    </message>
    <message>
      <source>* Confirmed at</source>
      <translation>* 确认时间</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>已接收</translation>
    </message>
    <message>
      <source>Refused</source>
      <translation>拒收</translation>
    </message>
    <message>
      <source>Answer</source>
      <translation>对方答复</translation>
    </message>
    <message>
      <source>Reason for refusing</source>
      <translation>拒收原因</translation>
    </message>
  </context>
  <context>
    <name>ConflictTableModel</name>
    <message>
      <source>Record</source>
      <translation>记录</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>County version</source>
      <translation>县级中心版本</translation>
    </message>
    <message>
      <source>Station version</source>
      <translation>本站版本</translation>
    </message>
    <message>
      <source>Found</source>
      <translation>发现时间</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>To settle</source>
      <translation>待处理</translation>
    </message>
    <message>
      <source>Kept this station's version; goes with the next bundle</source>
      <translation>已保留本站版本，下次发出</translation>
    </message>
    <message>
      <source>Took the county's version; goes with the next bundle</source>
      <translation>已采用县级中心版本，下次发出</translation>
    </message>
    <message>
      <source>Settled at the county</source>
      <translation>县级中心已处理</translation>
    </message>
  </context>
  <context>
    <name>ConflictsDialog</name>
    <message>
      <source>Conflicts reported by the county center</source>
      <translation>县级中心报告的冲突记录</translation>
    </message>
    <message>
      <source>The county center holds these records differently from this station. Keep this station's version (it is sent again as a newer version with the next bundle) or take the county center's version (this station's record is replaced by it).</source>
      <translation>县级中心保存的这些记录与本站不同。可以保留本站版本（作为更新的版本随下一个数据包发给县级中心），或采用县级中心版本（本站记录改为县级中心的内容）。</translation>
    </message>
    <message>
      <source>Keep this station's version</source>
      <translation>保留本站版本</translation>
    </message>
    <message>
      <source>Take the county's version</source>
      <translation>采用县级中心版本</translation>
    </message>
    <message>
      <source>The contents are the same; only the version numbers differ.</source>
      <translation>内容相同，只是版本号不同。</translation>
    </message>
    <message>
      <source>What differs:</source>
      <translation>不同之处：</translation>
    </message>
    <message>
      <source>%1: county center %2, this station %3</source>
      <translation>%1：县级中心为 %2，本站为 %3</translation>
    </message>
    <message>
      <source>and %1 more field(s)</source>
      <translation>另有 %1 项不同</translation>
    </message>
    <message>
      <source>This station cannot settle this one; please call the county center.</source>
      <translation>本站无法处理这条冲突，请与县级中心联系。</translation>
    </message>
    <message>
      <source>The county center's data of this record did not come with the acknowledgement: only this station's version can be kept.</source>
      <translation>确认文件没有带来县级中心的这条记录，只能保留本站版本。</translation>
    </message>
    <message>
      <source>Keep this station's version of %1? The county center's version is replaced when the next bundle arrives there.</source>
      <translation>保留本站的“%1”吗？下一个数据包送到县级中心后，县级中心的版本将被本站版本替换。</translation>
    </message>
    <message>
      <source>Replace this station's %1 by the county center's version? What this station holds now is overwritten (the audit log keeps the change).</source>
      <translation>把本站的“%1”改为县级中心的版本吗？本站现在的内容将被覆盖（操作日志会记下这次更改）。</translation>
    </message>
  </context>
  <context>
    <name>ConflictsPanel</name>
    <message>
      <source>Conflicts with the county center</source>
      <translation>与县级中心的冲突</translation>
    </message>
    <message>
      <source>View and settle...</source>
      <translation>查看和处理……</translation>
    </message>
    <message>
      <source>The county center reported %1 record(s) it holds differently.</source>
      <translation>县级中心报告有 %1 条记录与本站不同，需要处理。</translation>
    </message>
  </context>
  <context>
    <name>ConsultationDaysField</name>
    <message>
      <source> working days</source>
      <translation> 个工作日</translation>
    </message>
    <message>
      <source>A consultation not answered on the spot is to be answered or handed over within this time; later it shows among the overdue matters on the workbench.</source>
      <translation>未当场解答的咨询，应在此期限内答复或移交；超期后列入工作台的限时办结提醒。</translation>
    </message>
    <message>
      <source>Apply</source>
      <translation>应用</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
  </context>
  <context>
    <name>ConsultationForm</name>
    <message>
      <source>New consultation</source>
      <extracomment>Handling results that hand the citizen over to another service of the station. The consultation being corrected (更正), or None for a new one. The 12348 work order this new consultation handles (linked once it is saved).</extracomment>
      <translation>登记咨询</translation>
    </message>
    <message>
      <source>What the citizen asked about, in brief</source>
      <translation>群众咨询的问题，简要记录</translation>
    </message>
    <message>
      <source>The advice given</source>
      <translation>给出的解答意见</translation>
    </message>
    <message>
      <source>e.g. township labour office</source>
      <translation>例如：镇劳动保障所</translation>
    </message>
    <message>
      <source>not recorded</source>
      <translation>不填</translation>
    </message>
    <message>
      <source>not asked</source>
      <translation>未询问</translation>
    </message>
    <message>
      <source>Consultation time</source>
      <translation>咨询时间</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>咨询方式</translation>
    </message>
    <message>
      <source>Consulting person</source>
      <translation>咨询人</translation>
    </message>
    <message>
      <source>Topic</source>
      <translation>咨询类别</translation>
    </message>
    <message>
      <source>Question</source>
      <translation>咨询内容</translation>
    </message>
    <message>
      <source>Answer given</source>
      <translation>解答意见</translation>
    </message>
    <message>
      <source>Handling result</source>
      <translation>处理结果</translation>
    </message>
    <message>
      <source>Referred to</source>
      <translation>转至</translation>
    </message>
    <message>
      <source>The provider from the service directory; a guidance slip can be printed for the citizen</source>
      <translation>从服务指引名录中选择机构，可为群众打印法律服务指引单</translation>
    </message>
    <message>
      <source>Guided to</source>
      <translation>指引机构</translation>
    </message>
    <message>
      <source>Minutes spent</source>
      <translation>用时（分钟）</translation>
    </message>
    <message>
      <source>Satisfaction (entered by staff)</source>
      <translation>满意度（代录）</translation>
    </message>
    <message>
      <source>Save (Ctrl+S)</source>
      <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>清空</translation>
    </message>
    <message>
      <source>- not chosen -</source>
      <translation>- 未选择 -</translation>
    </message>
    <message>
      <source>- the service directory is empty -</source>
      <translation>- 服务指引名录为空 -</translation>
    </message>
    <message>
      <source>Find or enter the person, or tick anonymous consultation.</source>
      <translation>请查找或填写咨询人，或勾选“匿名咨询”。</translation>
    </message>
    <message>
      <source>Correct consultation %1</source>
      <translation>更正咨询记录 %1</translation>
    </message>
  </context>
  <context>
    <name>ConsultationView</name>
    <message>
      <source>A saved consultation can be corrected by whoever registered it or an admin; every correction is kept in the audit log.</source>
      <translation>已保存的咨询记录可由登记人或站点管理员更正，每次更正都记入操作日志。</translation>
    </message>
    <message>
      <source>Consultation time</source>
      <translation>咨询时间</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>咨询方式</translation>
    </message>
    <message>
      <source>Consulting person</source>
      <translation>咨询人</translation>
    </message>
    <message>
      <source>Topic</source>
      <translation>咨询类别</translation>
    </message>
    <message>
      <source>Question</source>
      <translation>咨询内容</translation>
    </message>
    <message>
      <source>Answer given</source>
      <translation>解答意见</translation>
    </message>
    <message>
      <source>Handling result</source>
      <translation>处理结果</translation>
    </message>
    <message>
      <source>Referred to</source>
      <translation>转至</translation>
    </message>
    <message>
      <source>Guided to</source>
      <translation>指引机构</translation>
    </message>
    <message>
      <source>Minutes spent</source>
      <translation>用时（分钟）</translation>
    </message>
    <message>
      <source>Ratings</source>
      <translation>群众评价</translation>
    </message>
    <message>
      <source>Registered by</source>
      <translation>登记人</translation>
    </message>
    <message>
      <source>New consultation (Ctrl+N)</source>
      <translation>登记新咨询（Ctrl+N）</translation>
    </message>
    <message>
      <source>consultation</source>
      <translation>咨询记录</translation>
    </message>
    <message>
      <source>Consultation %1</source>
      <translation>咨询记录 %1</translation>
    </message>
    <message>
      <source>Anonymous</source>
      <translation>匿名</translation>
    </message>
  </context>
  <context>
    <name>Consultations</name>
    <message>
      <source>Register a mediation case for %1</source>
      <translation>为%1登记调解案件</translation>
    </message>
    <message>
      <source>Register a mediation case</source>
      <translation>登记调解案件</translation>
    </message>
    <message>
      <source>Start a legal aid application for %1</source>
      <translation>为%1申请法律援助</translation>
    </message>
    <message>
      <source>Start a legal aid application</source>
      <translation>申请法律援助</translation>
    </message>
  </context>
  <context>
    <name>ConsultationsPage</name>
    <message>
      <source>New consultation (Ctrl+N)</source>
      <translation>登记咨询（Ctrl+N）</translation>
    </message>
    <message>
      <source>New consultation</source>
      <translation>登记咨询</translation>
    </message>
    <message>
      <source>Consultation records</source>
      <translation>咨询记录</translation>
    </message>
    <message>
      <source>Print receipt</source>
      <translation>打印回执</translation>
    </message>
    <message>
      <source>Print the consultation receipt for the citizen (Ctrl+P)</source>
      <translation>为群众打印咨询登记回执（Ctrl+P）</translation>
    </message>
    <message>
      <source>Continue registering</source>
      <translation>继续登记</translation>
    </message>
    <message>
      <source>Start the next consultation</source>
      <translation>登记下一位群众的咨询</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>查看</translation>
    </message>
    <message>
      <source>Could not open</source>
      <translation>无法打开</translation>
    </message>
    <message>
      <source>Consultation saved.</source>
      <translation>咨询记录已保存。</translation>
    </message>
    <message>
      <source>Consultation %1 saved.</source>
      <translation>咨询记录 %1 已保存。</translation>
    </message>
    <message>
      <source>Saved: %1 (%2). The form is ready for the next citizen.</source>
      <translation>已保存：%1（%2）。可以接着登记下一位群众。</translation>
    </message>
    <message>
      <source>Anonymous</source>
      <translation>匿名</translation>
    </message>
    <message>
      <source>Clear the form</source>
      <translation>清空表单</translation>
    </message>
    <message>
      <source>Discard what was entered for this consultation?</source>
      <translation>放弃本次咨询已填写的内容吗？</translation>
    </message>
  </context>
  <context>
    <name>CorrectButton</name>
    <message>
      <source>Correct...</source>
      <extracomment>The record was corrected (or annotated): its id.</extracomment>
      <translation>更正……</translation>
    </message>
    <message>
      <source>Correct what was recorded wrongly (whoever registered the record, or an admin); recorded in the audit log</source>
      <translation>更正登记有误的内容（限登记人或站点管理员），记入操作日志</translation>
    </message>
    <message>
      <source>Add correction note...</source>
      <translation>添加更正说明……</translation>
    </message>
    <message>
      <source>Correct %1 %2</source>
      <translation>更正%1 %2</translation>
    </message>
    <message>
      <source>Correction saved.</source>
      <translation>更正已保存。</translation>
    </message>
  </context>
  <context>
    <name>CorrectionDialog</name>
    <message>
      <source>Change what was recorded wrongly and give the reason. The record keeps its number; the old and new values and the reason are kept in the audit log, and the corrected record is sent to the county with the next sync.</source>
      <extracomment>The record was corrected: its id.</extracomment>
      <translation>请修改登记有误的内容并填写更正原因。记录编号不变；更正前后的内容和更正原因记入操作日志，更正后的记录随下次同步报送县级中心。</translation>
    </message>
    <message>
      <source>e.g. wrong month typed in the question</source>
      <translation>如：咨询内容中的月份录错</translation>
    </message>
    <message>
      <source>Reason for the correction</source>
      <translation>更正原因</translation>
    </message>
    <message>
      <source>Save correction (Ctrl+S)</source>
      <translation>保存更正（Ctrl+S）</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Discard the correction</source>
      <translation>放弃更正</translation>
    </message>
    <message>
      <source>Discard the changes made in this correction?</source>
      <translation>放弃本次更正中所做的修改吗？</translation>
    </message>
  </context>
  <context>
    <name>CorrectionInfoLabel</name>
    <message>
      <source>Every correction, with the old and new values and the reason, is in the audit log.</source>
      <translation>每次更正的原内容、新内容和更正原因都记录在操作日志中。</translation>
    </message>
  </context>
  <context>
    <name>CountyAuditPage</name>
    <message>
      <source>Audit log</source>
      <translation>操作日志</translation>
    </message>
    <message>
      <source>Every import and refused bundle, station registration and revocation, aid decision, version notice, key and report export, record opened and login at the county center, with who did it and when. Entries cannot be changed or deleted in this program, and each one is linked to the one before it: a change made outside the program shows below.</source>
      <translation>县级中心的每一次导入和拒收的数据包、站点登记和撤销、法律援助决定、新版本提示、公钥和报表导出、打开查看的记录以及登录，都记下由谁、在何时所做。日志在本程序中不能修改或删除，且每一条都与前一条相连：在本程序之外所作的改动会在下方显示。</translation>
    </message>
    <message>
      <source>Verifying the audit log...</source>
      <translation>正在核对操作日志……</translation>
    </message>
    <message>
      <source>All operators</source>
      <translation>全部操作员</translation>
    </message>
    <message>
      <source>All actions</source>
      <translation>全部操作</translation>
    </message>
    <message>
      <source>All stations</source>
      <translation>全部站点</translation>
    </message>
    <message>
      <source>Date from</source>
      <translation>日期从</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>查询</translation>
    </message>
    <message>
      <source>Audit log intact (%1 entries, verified)</source>
      <translation>操作日志完整（共 %1 条，已核对）</translation>
    </message>
    <message>
      <source>Audit log %1: entries were deleted or changed outside this program</source>
      <translation>操作日志%1：有日志在本程序之外被删除或改动</translation>
    </message>
    <message>
      <source>The audit log could not be verified: %1</source>
      <translation>无法核对操作日志：%1</translation>
    </message>
    <message>
      <source>%1 entries</source>
      <translation>共%1条</translation>
    </message>
  </context>
  <context>
    <name>CountyOperatorsPage</name>
    <message>
      <source>County operators</source>
      <extracomment>The dialog currently open (tests drive it).</extracomment>
      <translation>县级中心操作员</translation>
    </message>
    <message>
      <source>Everyone who works at the county center logs in with an account of their own. A disabled account can no longer open the county database; what it did stays in the audit log.</source>
      <translation>县级中心每个人都用自己的账户登录。停用的账户不能再打开县级数据库；它做过的操作仍保留在操作日志中。</translation>
    </message>
    <message>
      <source>Add...</source>
      <translation>添加……</translation>
    </message>
    <message>
      <source>Disable</source>
      <translation>停用</translation>
    </message>
    <message>
      <source>Enable...</source>
      <translation>启用……</translation>
    </message>
    <message>
      <source>Reset password...</source>
      <translation>重置密码……</translation>
    </message>
    <message>
      <source>Recovery code</source>
      <translation>恢复码</translation>
    </message>
    <message>
      <source>The recovery code lets an administrator who forgot the password set a new one. If the sheet is lost or may have been seen, make a new code: the old one stops working.</source>
      <translation>管理员忘记密码时，可以用恢复码设置新密码。恢复码纸条丢失或可能被人看到时，请生成新恢复码：旧恢复码随即失效。</translation>
    </message>
    <message>
      <source>New recovery code...</source>
      <translation>新恢复码……</translation>
    </message>
    <message>
      <source>Clerks import and decide; read-only operators see statistics; administrators also manage operators.</source>
      <translation>业务办理员导入、决定；统计查询只看统计；管理员另管操作员。</translation>
    </message>
    <message>
      <source>Add a county operator</source>
      <translation>添加县级中心操作员</translation>
    </message>
    <message>
      <source>The operator was added.</source>
      <translation>已添加操作员。</translation>
    </message>
    <message>
      <source>Disable operator</source>
      <translation>停用操作员</translation>
    </message>
    <message>
      <source>Disable %1 (%2)? The account can no longer log in; what it did stays in the audit log. It can be enabled again with a new password.</source>
      <translation>要停用 %1（%2）吗？停用后该账户不能再登录，它做过的操作仍保留在操作日志中；以后可以设置新密码重新启用。</translation>
    </message>
    <message>
      <source>The county database then gets a new key, so copies of the key file the account may have kept open nothing. This can take a few minutes on a large county database and cannot be cancelled.</source>
      <translation>随后县级数据库将更换数据密钥，该账户可能留存的密钥文件副本将打不开任何内容。数据量大时可能需要几分钟，且不能中途取消。</translation>
    </message>
    <message>
      <source>The operator was disabled.</source>
      <translation>已停用操作员。</translation>
    </message>
    <message>
      <source>Changing the county database key: %1. This cannot be cancelled; please wait and do not switch the computer off.</source>
      <translation>正在更换县级数据库密钥：%1。此操作不能中途取消，请耐心等待，不要关闭电脑。</translation>
    </message>
    <message>
      <source>Enable %1</source>
      <translation>启用 %1</translation>
    </message>
    <message>
      <source>The account gets a new password; tell it to %1 in person.</source>
      <translation>该账户将使用新密码；请当面告知 %1。</translation>
    </message>
    <message>
      <source>The operator was enabled.</source>
      <translation>已启用操作员。</translation>
    </message>
    <message>
      <source>Reset the password of %1</source>
      <translation>重置 %1 的密码</translation>
    </message>
    <message>
      <source>The old password stops working at once; a lock after failed logins is lifted. Tell the new password to %1 in person.</source>
      <translation>原密码立即失效，因输错密码造成的锁定随之解除。请当面把新密码告知 %1。</translation>
    </message>
    <message>
      <source>The password was reset.</source>
      <translation>已重置密码。</translation>
    </message>
    <message>
      <source>New recovery code</source>
      <translation>新恢复码</translation>
    </message>
    <message>
      <source>Make a new recovery code? The old code stops working at once; print the new one and keep it in the safe.</source>
      <translation>要生成新恢复码吗？旧恢复码立即失效；请打印新恢复码并锁在保险柜里。</translation>
    </message>
    <message>
      <source>The county database also gets a new key. This can take a few minutes on a large county database and cannot be cancelled.</source>
      <translation>县级数据库同时将更换数据密钥。数据量大时可能需要几分钟，且不能中途取消。</translation>
    </message>
    <message>
      <source>The new recovery code is in force.</source>
      <translation>新恢复码已生效。</translation>
    </message>
  </context>
  <context>
    <name>CountyPages</name>
    <message>
      <source>Stations</source>
      <extracomment>Name of the county window's saved geometry. Shown only to operators whose role allows this (``county.access``).</extracomment>
      <translation>站点</translation>
    </message>
    <message>
      <source>Import bundles</source>
      <translation>导入数据包</translation>
    </message>
    <message>
      <source>Aid awaiting decision</source>
      <translation>待决定援助</translation>
    </message>
    <message>
      <source>Statistics</source>
      <translation>统计</translation>
    </message>
    <message>
      <source>Audit log</source>
      <translation>操作日志</translation>
    </message>
    <message>
      <source>Operators</source>
      <translation>操作员</translation>
    </message>
  </context>
  <context>
    <name>CountyStartup</name>
    <message>
      <source>There is no county database at %1. Create it: enter the first county administrator (the county's keys are made too).</source>
      <extracomment>The application should end with this exit code. The dialog asking for credentials (login, or the first admin) while it is open.</extracomment>
      <translation>%1 处还没有县级数据库。请填写第一个县级中心管理员以创建它（同时生成县级中心密钥）。</translation>
    </message>
    <message>
      <source>The county database at %1 is not encrypted and has no operators. Enter the first county administrator: the database is then encrypted and the unencrypted file destroyed.</source>
      <translation>%1 处的县级数据库尚未加密，也没有操作员。请填写第一个县级中心管理员：随后数据库将被加密，原未加密文件将被粉碎。</translation>
    </message>
    <message>
      <source>Database: %1</source>
      <translation>数据库：%1</translation>
    </message>
    <message>
      <source>County console</source>
      <translation>县级控制台</translation>
    </message>
    <message>
      <source>Cannot open the county database</source>
      <translation>无法打开县级数据库</translation>
    </message>
  </context>
  <context>
    <name>CountyStatisticsPage</name>
    <message>
      <source>Stations:</source>
      <translation>站点：</translation>
    </message>
    <message>
      <source>All stations</source>
      <translation>全部站点</translation>
    </message>
    <message>
      <source>All stations: the records of every registered station added up. An exported report is headed with the chosen scope.</source>
      <translation>全部站点：所有已登记站点的记录合计（全县）。导出的报表以所选范围作为填报单位。</translation>
    </message>
    <message>
      <source>%1 (revoked)</source>
      <translation>%1（已撤销）</translation>
    </message>
    <message>
      <source>The record is not in the county database.</source>
      <translation>县级数据库中没有这条记录。</translation>
    </message>
  </context>
  <context>
    <name>CountyWindow</name>
    <message>
      <source>County Public Legal Service Center - %1</source>
      <translation>县级公共法律服务中心 - %1</translation>
    </message>
    <message>
      <source>County database: %1</source>
      <translation>县级数据库：%1</translation>
    </message>
    <message>
      <source>County key number %1</source>
      <translation>县级中心公钥编号 %1</translation>
    </message>
    <message>
      <source>Operator: %1</source>
      <translation>操作员：%1</translation>
    </message>
  </context>
  <context>
    <name>DashboardPage</name>
    <message>
      <source>Workbench</source>
      <extracomment>Emitted when counts and deadlines have been filled in (after each load).</extracomment>
      <translation>工作台</translation>
    </message>
    <message>
      <source>Register consultation</source>
      <translation>登记咨询</translation>
    </message>
    <message>
      <source>New mediation case</source>
      <translation>新建调解案件</translation>
    </message>
    <message>
      <source>Legal aid application</source>
      <translation>法律援助申请</translation>
    </message>
    <message>
      <source>Consultations today</source>
      <translation>今日咨询</translation>
    </message>
    <message>
      <source>Mediation cases registered today</source>
      <translation>今日登记调解案件</translation>
    </message>
    <message>
      <source>Legal aid applications today</source>
      <translation>今日法律援助申请</translation>
    </message>
    <message>
      <source>My open mediation cases</source>
      <translation>我承办的未结案件</translation>
    </message>
    <message>
      <source>Overdue matters</source>
      <translation>已超期事项</translation>
    </message>
    <message>
      <source>Deadlines (overdue and due within %1 days)</source>
      <translation>限时办结提醒（已超期及%1天内到期）</translation>
    </message>
    <message>
      <source>Nothing is overdue or due within %1 days.</source>
      <translation>没有超期或%1天内到期的事项。</translation>
    </message>
    <message>
      <source>Double-click a row or press Enter to open the record.</source>
      <translation>双击某一行或按回车键打开该记录。</translation>
    </message>
    <message>
      <source>Enter a returned rating slip……</source>
      <translation>登记回收的评价单……</translation>
    </message>
    <message>
      <source>Dissatisfied ratings to review……</source>
      <translation>不满意评价核查……</translation>
    </message>
    <message>
      <source>Today: %1</source>
      <translation>今天：%1</translation>
    </message>
    <message>
      <source>This month: %1</source>
      <translation>本月：%1</translation>
    </message>
  </context>
  <context>
    <name>DateField</name>
    <message>
      <source>e.g. 20261207 1430</source>
      <extracomment>The text changed (ValidatedForm watches this). The text became a (new) date: as ``QDateEdit.dateChanged``. The domain field whose error this field's bad text is reported under (set by the form, e.g. "person.birth_date"); see ``ValidatedForm.validate``.</extracomment>
      <translation>如 20261207 1430</translation>
    </message>
    <message>
      <source>e.g. 20261207 or 12-07</source>
      <translation>如 20261207 或 12-07</translation>
    </message>
    <message>
      <source>Type the date as digits, e.g. 20261207, 2026-12-07 or 12-07 (this year); F4 opens a calendar</source>
      <translation>直接输入数字日期，如 20261207、2026-12-07 或 12-07（今年）；按 F4 打开日历</translation>
    </message>
    <message>
      <source>Calendar (F4)</source>
      <translation>日历（F4）</translation>
    </message>
    <message>
      <source>Please enter a date</source>
      <translation>请输入日期</translation>
    </message>
    <message>
      <source>Please enter the date and time</source>
      <translation>请输入日期和时间</translation>
    </message>
    <message>
      <source>The date cannot be before %1</source>
      <translation>日期不能早于 %1</translation>
    </message>
    <message>
      <source>The date cannot be after %1</source>
      <translation>日期不能晚于 %1</translation>
    </message>
  </context>
  <context>
    <name>DeadlineTableModel</name>
    <message>
      <source>Matter</source>
      <translation>事项</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Parties / applicant</source>
      <translation>当事人 / 申请人</translation>
    </message>
    <message>
      <source>Due date</source>
      <translation>到期日</translation>
    </message>
    <message>
      <source>Time left</source>
      <translation>剩余时间</translation>
    </message>
  </context>
  <context>
    <name>DecisionDialog</name>
    <message>
      <source>Record the center's decision</source>
      <translation>录入中心决定</translation>
    </message>
    <message>
      <source>Enter the decision as the legal aid center sent it back, then tell the applicant.</source>
      <translation>按法律援助中心反馈的结果录入，并及时告知申请人。</translation>
    </message>
    <message>
      <source>* Decision</source>
      <translation>* 决定</translation>
    </message>
    <message>
      <source>* Decision date</source>
      <translation>* 决定日期</translation>
    </message>
    <message>
      <source>Name and law firm, if aid was granted</source>
      <translation>准予援助时填写律师姓名及所在律所</translation>
    </message>
    <message>
      <source>Assigned lawyer</source>
      <translation>承办律师</translation>
    </message>
    <message>
      <source>e.g. reasons for a denial</source>
      <translation>例如：不予援助的理由</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Already told</source>
      <translation>已告知</translation>
    </message>
    <message>
      <source>Applicant told on</source>
      <translation>告知申请人日期</translation>
    </message>
    <message>
      <source>Record the decision</source>
      <extracomment>The referral's number, once the decision is recorded.</extracomment>
      <translation>录入决定</translation>
    </message>
    <message>
      <source>Decision</source>
      <translation>决定</translation>
    </message>
    <message>
      <source>Decision date</source>
      <translation>决定日期</translation>
    </message>
    <message>
      <source>Name and law firm; required when aid is granted</source>
      <translation>姓名及律师事务所；准予援助时必填</translation>
    </message>
    <message>
      <source>Required when aid is denied</source>
      <translation>不予援助时必填</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>理由</translation>
    </message>
    <message>
      <source>The decision travels back in the next acknowledgement file for the station, which then tells the applicant. Acknowledgements are not encrypted: keep ID numbers and other personal details out of the reason.</source>
      <translation>决定将随下一份给该站点的回执文件带回站点，由站点告知申请人。回执文件不加密：理由中请勿写入身份证号等个人信息。</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>The application</source>
      <translation>申请情况</translation>
    </message>
    <message>
      <source>Station:</source>
      <translation>站点：</translation>
    </message>
    <message>
      <source>Applicant:</source>
      <translation>申请人：</translation>
    </message>
    <message>
      <source>Matter:</source>
      <translation>援助事项：</translation>
    </message>
    <message>
      <source>forwarded %1</source>
      <translation>%1 转交</translation>
    </message>
    <message>
      <source>, received by the center %1</source>
      <translation>，%1 中心接收</translation>
    </message>
    <message>
      <source>Dates:</source>
      <translation>日期：</translation>
    </message>
    <message>
      <source> (urgent)</source>
      <translation>（紧急）</translation>
    </message>
    <message>
      <source>Limitation period ends:</source>
      <translation>时效届满日：</translation>
    </message>
    <message>
      <source>Facts:</source>
      <translation>案情：</translation>
    </message>
    <message>
      <source>Request:</source>
      <translation>请求：</translation>
    </message>
  </context>
  <context>
    <name>DeclineDialog</name>
    <message>
      <source>Decline the hand-over</source>
      <translation>退回移交</translation>
    </message>
    <message>
      <source>* Reason</source>
      <translation>* 原因</translation>
    </message>
  </context>
  <context>
    <name>DisputeTable</name>
    <message>
      <source>Parties</source>
      <translation>当事人</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>纠纷类型</translation>
    </message>
    <message>
      <source>Risk</source>
      <translation>风险</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>处置情况</translation>
    </message>
    <message>
      <source>(parties not entered)</source>
      <translation>（未填当事人）</translation>
    </message>
  </context>
  <context>
    <name>DrillDownDialog</name>
    <message>
      <source>Records behind the number</source>
      <translation>统计数字对应的记录</translation>
    </message>
    <message>
      <source>%1 records</source>
      <translation>共 %1 条记录</translation>
    </message>
    <message>
      <source>The date is the one the record is counted by (accepted, concluded, applied, forwarded ...).</source>
      <translation>日期为该记录计入此项统计所依据的日期（受理、调结、申请、转交等日期）。</translation>
    </message>
    <message>
      <source>Double-click a row or press Enter to open the record.</source>
      <translation>双击某一行或按回车键打开该记录。</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
  </context>
  <context>
    <name>EpochNotice</name>
    <message>
      <source>An acknowledgement from the county center showed that this station's data went back to an older state (found %1).</source>
      <translation>县级中心的确认文件显示，本站数据曾回退到较早的状态（%1 发现）。</translation>
    </message>
    <message>
      <source>This station's data was restored from a backup (%1).</source>
      <translation>本站数据曾从备份恢复（%1）。</translation>
    </message>
    <message>
      <source>The next export starts chain No. %1 and sends all records, not only new changes. The county center merges them record by record and keeps the newer version: nothing it already has is lost. Export and send the bundle as usual.</source>
      <translation>下次导出将开始第 %1 轮同步，重新发送全部记录（不只是新的更改）；县级中心逐条合并，保留较新的版本，它已有的记录不会丢失。请照常导出并送交数据包。</translation>
    </message>
    <message>
      <source>Chain No. %1 began on %2 (after the station's data was restored or went back).</source>
      <translation>本站已于 %2 开始第 %1 轮同步（数据曾从备份恢复或回退）。</translation>
    </message>
    <message>
      <source>Until the county center acknowledges a bundle of it, every export sends all records. Take the bundle to the county center and import its acknowledgement here.</source>
      <translation>在县级中心确认这一轮的数据包之前，每次导出都发送全部记录。请把数据包交给县级中心，再在这里导入它的确认文件。</translation>
    </message>
  </context>
  <context>
    <name>Errors</name>
    <message>
      <source>An unexpected error occurred: %1</source>
      <extracomment>The colour (a ``chip`` tone of the style layer) of each status.</extracomment>
      <translation>发生意外错误：%1</translation>
    </message>
  </context>
  <context>
    <name>ExtendDialog</name>
    <message>
      <source>Extend the deadline</source>
      <translation>延长调解期限</translation>
    </message>
    <message>
      <source>Current deadline: %1</source>
      <translation>当前期限：%1</translation>
    </message>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>Extend by</source>
      <translation>延长</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
  </context>
  <context>
    <name>FeedbackDialog</name>
    <message>
      <source>Feedback letter sent</source>
      <translation>登记反馈函</translation>
    </message>
    <message>
      <source>Print the feedback letter from the print menu, seal it and send it to the referring body; then record it here.</source>
      <translation>请从“打印”菜单打印反馈函，盖章后送交移送单位，再在此登记。</translation>
    </message>
    <message>
      <source>Anything the letter adds (optional)</source>
      <translation>反馈函补充内容（可不填）</translation>
    </message>
    <message>
      <source>Sent on</source>
      <translation>发函日期</translation>
    </message>
    <message>
      <source>Sent to</source>
      <translation>收函单位</translation>
    </message>
    <message>
      <source>Additional content</source>
      <translation>补充内容</translation>
    </message>
  </context>
  <context>
    <name>FirstAdminDialog</name>
    <message>
      <source>First county administrator</source>
      <extracomment>``create(username, name, password)`` on a worker thread → the console's open result.</extracomment>
      <translation>第一个县级中心管理员</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Password (at least 8 characters)</source>
      <translation>密码（至少8位）</translation>
    </message>
    <message>
      <source>Repeat the password</source>
      <translation>再次输入密码</translation>
    </message>
    <message>
      <source>Create</source>
      <translation>新建</translation>
    </message>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
  </context>
  <context>
    <name>FollowUpDialog</name>
    <message>
      <source>Record a follow-up visit</source>
      <translation>登记回访</translation>
    </message>
    <message>
      <source>Not asked</source>
      <translation>未询问</translation>
    </message>
    <message>
      <source>Visited on</source>
      <translation>回访日期</translation>
    </message>
    <message>
      <source>Visit method</source>
      <translation>回访方式</translation>
    </message>
    <message>
      <source>Person visited</source>
      <translation>被回访人</translation>
    </message>
    <message>
      <source>Performance</source>
      <translation>履行情况</translation>
    </message>
    <message>
      <source>Satisfaction</source>
      <translation>满意度</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>回访情况</translation>
    </message>
  </context>
  <context>
    <name>ForwardDialog</name>
    <message>
      <source>Forward to the legal aid center</source>
      <translation>转交法律援助中心</translation>
    </message>
    <message>
      <source>Send the application and its materials to the county legal aid center, which reviews and decides.</source>
      <translation>将申请及材料转交县法律援助中心，由中心审查并作出决定。</translation>
    </message>
    <message>
      <source>* Receiving legal aid center</source>
      <translation>* 接收机构</translation>
    </message>
    <message>
      <source>* Forwarded on</source>
      <translation>* 转交日期</translation>
    </message>
  </context>
  <context>
    <name>HandoverDialog</name>
    <message>
      <source>Hand over</source>
      <translation>移交</translation>
    </message>
    <message>
      <source>You stay responsible until the receiver accepts.</source>
      <translation>对方接收之前，仍由您负责办理。</translation>
    </message>
    <message>
      <source>* Hand over to</source>
      <translation>* 移交去向</translation>
    </message>
    <message>
      <source>(type the name below)</source>
      <translation>（在下面填写名称）</translation>
    </message>
    <message>
      <source>Receiving colleague</source>
      <translation>接收的工作人员</translation>
    </message>
    <message>
      <source>Agency of the directory</source>
      <translation>服务指引机构</translation>
    </message>
    <message>
      <source>Receiver's name</source>
      <translation>接收方名称</translation>
    </message>
    <message>
      <source>* Reason</source>
      <translation>* 原因</translation>
    </message>
  </context>
  <context>
    <name>ImportPage</name>
    <message>
      <source>Import bundles</source>
      <translation>导入数据包</translation>
    </message>
    <message>
      <source>Plug in the USB stick a station brought and choose the folder with its bundles (.wsb files), or the files themselves. Each bundle is checked (signature, completeness, order) before anything is written. An acknowledgement file (.wsa) is then written for each station: take it back to the station, which imports it on its Sync page.</source>
      <translation>插入站点送来的U盘，选择数据包（.wsb 文件）所在的文件夹，或直接选择数据包文件。每个数据包先核验签名、完整性和顺序，再写入县级数据库；随后为每个站点写出回执文件（.wsa），请带回站点，在站点的“同步”页导入。</translation>
    </message>
    <message>
      <source>Acknowledgement files go to:</source>
      <translation>回执文件保存到：</translation>
    </message>
    <message>
      <source>Change...</source>
      <translation>更改……</translation>
    </message>
    <message>
      <source>Beside the bundles</source>
      <translation>与数据包放在一起</translation>
    </message>
    <message>
      <source>Import a folder...</source>
      <translation>从文件夹导入……</translation>
    </message>
    <message>
      <source>Choose bundle files...</source>
      <translation>选择数据包文件……</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>No bundles imported in this session yet.</source>
      <translation>本次还没有导入数据包。</translation>
    </message>
    <message>
      <source>Open the acknowledgement folder</source>
      <translation>打开回执文件夹</translation>
    </message>
    <message>
      <source>the folder of the bundles (e.g. the station's USB stick)</source>
      <translation>数据包所在的文件夹（如站点的U盘）</translation>
    </message>
    <message>
      <source>Choose the folder for acknowledgement files</source>
      <translation>选择保存回执文件的文件夹</translation>
    </message>
    <message>
      <source>Choose the folder with the bundles</source>
      <translation>选择数据包所在的文件夹</translation>
    </message>
    <message>
      <source>Choose bundle files</source>
      <translation>选择数据包文件</translation>
    </message>
    <message>
      <source>Bundles (*.wsb);;All files (*)</source>
      <translation>数据包 (*.wsb);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Looking for bundles...</source>
      <translation>正在查找数据包……</translation>
    </message>
    <message>
      <source>Importing...</source>
      <translation>正在导入……</translation>
    </message>
    <message>
      <source>%1 of %2 bundles</source>
      <translation>%1 / %2 个数据包</translation>
    </message>
    <message>
      <source>Cancelling after the current bundle...</source>
      <translation>当前数据包导入完成后取消……</translation>
    </message>
    <message>
      <source>Import finished: %1 imported.</source>
      <translation>导入完成：已导入 %1 个数据包。</translation>
    </message>
    <message>
      <source>Nothing was imported.</source>
      <translation>没有导入任何数据包。</translation>
    </message>
    <message>
      <source>Could not import</source>
      <translation>无法导入</translation>
    </message>
    <message>
      <source>%1 bundles: %2 imported, %3 skipped as duplicates, %4 refused.</source>
      <translation>共 %1 个数据包：导入 %2 个，重复跳过 %3 个，拒绝 %4 个。</translation>
    </message>
    <message>
      <source>Cancelled: %1 more bundles were not imported.</source>
      <translation>已取消：另有 %1 个数据包未导入。</translation>
    </message>
    <message>
      <source>%1 acknowledgement files written to %2. Take them back to the stations.</source>
      <translation>已写出 %1 个回执文件，保存在 %2。请带回各站点导入。</translation>
    </message>
    <message>
      <source>No acknowledgement file was written.</source>
      <translation>没有写出回执文件。</translation>
    </message>
  </context>
  <context>
    <name>IncomingModel</name>
    <message>
      <source>Handed over at</source>
      <translation>移交时间</translation>
    </message>
    <message>
      <source>From</source>
      <translation>移交人</translation>
    </message>
    <message>
      <source>Matter</source>
      <translation>事项</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>移交原因</translation>
    </message>
  </context>
  <context>
    <name>InvestigationDialog</name>
    <message>
      <source>Record an investigation</source>
      <translation>登记调查记录</translation>
    </message>
    <message>
      <source>e.g. at the respondent's home</source>
      <translation>例如：被申请人家中</translation>
    </message>
    <message>
      <source>Parties, witnesses, village cadres</source>
      <translation>当事人、证人、村干部等</translation>
    </message>
    <message>
      <source>What was seen and what each person said</source>
      <translation>调查所见及各人所述</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>调查日期</translation>
    </message>
    <message>
      <source>Investigators</source>
      <translation>调查人</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>调查地点</translation>
    </message>
    <message>
      <source>Persons asked</source>
      <translation>被调查人</translation>
    </message>
    <message>
      <source>Findings</source>
      <translation>调查情况</translation>
    </message>
  </context>
  <context>
    <name>JudicialDialog</name>
    <message>
      <source>Judicial confirmation applied</source>
      <translation>申请司法确认</translation>
    </message>
    <message>
      <source>The parties apply jointly to the court within 30 days of the agreement taking effect (by %1).</source>
      <translation>当事人应自协议生效之日起30日内共同向人民法院申请（截至 %1）。</translation>
    </message>
    <message>
      <source>Applied on</source>
      <translation>申请日期</translation>
    </message>
  </context>
  <context>
    <name>JudicialResultDialog</name>
    <message>
      <source>Result of judicial confirmation</source>
      <translation>司法确认结果</translation>
    </message>
    <message>
      <source>Applied on %1.</source>
      <translation>申请日期：%1。</translation>
    </message>
    <message>
      <source>e.g. Haigang District People's Court</source>
      <translation>例如：海港区人民法院</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>结果日期</translation>
    </message>
    <message>
      <source>Court</source>
      <translation>受理法院</translation>
    </message>
    <message>
      <source>Ruling number</source>
      <translation>裁定书文号</translation>
    </message>
  </context>
  <context>
    <name>LockDialog</name>
    <message>
      <source>Workstation locked</source>
      <translation>工作站已锁定</translation>
    </message>
    <message>
      <source>The workstation is locked</source>
      <translation>工作站已锁定</translation>
    </message>
    <message>
      <source>Logged in: %1 (%2, user name %3)</source>
      <translation>当前登录：%1（%2，用户名 %3）</translation>
    </message>
    <message>
      <source>Enter this operator's password to continue; open forms are kept as they were. Another operator: switch user (forms are kept as drafts).</source>
      <translation>请输入该操作员的密码继续，已打开的表单保持原样。其他操作员请点“切换用户”（未保存的表单将存为草稿）。</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Switch user</source>
      <translation>切换用户</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>解锁</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <source>Log in</source>
      <extracomment>``recover(code, username, new_password)`` → the same kind of result as ``authenticate``.</extracomment>
      <translation>登录</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Forgot password? Use the recovery code</source>
      <translation>忘记密码？使用恢复码</translation>
    </message>
    <message>
      <source>Please enter your user name and password.</source>
      <translation>请输入用户名和密码。</translation>
    </message>
    <message>
      <source>Checking the password and opening the database...</source>
      <translation>正在核对密码并打开数据库……</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Public Legal Service Workstation - %1</source>
      <extracomment>Name of the station window's saved geometry. Listed for station admins only (the services refuse others anyway). The operator switched user from the lock screen: the session should end.</extracomment>
      <translation>公共法律服务工作站 - %1</translation>
    </message>
    <message>
      <source>Search names, pinyin initials (zs), ID or phone digits, case numbers, words... (Ctrl+F)</source>
      <translation>搜索姓名、拼音首字母（如 zs）、身份证或电话尾号、案号、关键词……（Ctrl+F）</translation>
    </message>
    <message>
      <source>Operator: %1 (%2)</source>
      <translation>操作员：%1（%2）</translation>
    </message>
    <message>
      <source>Lock (Ctrl+L)</source>
      <translation>锁定（Ctrl+L）</translation>
    </message>
    <message>
      <source>Changes not yet synced: %1</source>
      <translation>未同步的更改：%1 条</translation>
    </message>
  </context>
  <context>
    <name>MaterialsChecklist</name>
    <message>
      <source>One-time notification of missing materials</source>
      <extracomment>A box was ticked or unticked by the user. The boxes as one Tab stop (arrows move, Space ticks), rebuilt with the list. Codes ticked so far, kept while the required list changes (route or matter edits).</extracomment>
      <translation>一次性告知（尚缺材料）</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Copy the notice, e.g. to paste it into a text message</source>
      <translation>复制告知内容，例如粘贴到短信中</translation>
    </message>
    <message>
      <source>Applicant</source>
      <translation>申请人</translation>
    </message>
    <message>
      <source>Copied</source>
      <translation>已复制</translation>
    </message>
  </context>
  <context>
    <name>MediationPage</name>
    <message>
      <source>New case</source>
      <translation>新建调解案件</translation>
    </message>
    <message>
      <source>Case registered</source>
      <translation>案件已登记</translation>
    </message>
    <message>
      <source>Discard the new case?</source>
      <translation>放弃这个新案件吗？</translation>
    </message>
    <message>
      <source>What you entered in this form will be lost.</source>
      <translation>本表单中填写的内容将全部丢失。</translation>
    </message>
  </context>
  <context>
    <name>MyWorkPanel</name>
    <message>
      <source>Accept</source>
      <translation>接收</translation>
    </message>
    <message>
      <source>Decline……</source>
      <translation>退回……</translation>
    </message>
    <message>
      <source>My open matters (%1)</source>
      <translation>我负责的未结事项（%1）</translation>
    </message>
    <message>
      <source>Hand-overs to me (%1)</source>
      <translation>待我接收的移交（%1）</translation>
    </message>
  </context>
  <context>
    <name>NoteDialog</name>
    <message>
      <source>Correction note for %1</source>
      <translation>%1 的更正说明</translation>
    </message>
    <message>
      <source>This application has already been forwarded to the legal aid center, so its contents stay as they were forwarded and cannot be changed. You can add a correction note instead: it is shown on the application and sent to the county with the next sync. Please also tell the center.</source>
      <translation>该申请已转交法律援助中心，申请内容保持转交时的样子，不能再改动。可以添加一条更正说明：说明显示在本申请上，并随下次同步报送县级中心。请同时告知法律援助中心。</translation>
    </message>
    <message>
      <source>Correction note</source>
      <translation>更正说明</translation>
    </message>
    <message>
      <source>What is wrong and what is right, e.g. the household has 6 members, not 5</source>
      <translation>写明哪里有误、正确的是什么，如：家庭人口应为6人，不是5人</translation>
    </message>
    <message>
      <source>Add correction note</source>
      <translation>添加更正说明</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>OpenItemModel</name>
    <message>
      <source>Matter</source>
      <translation>事项</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Parties / applicant</source>
      <translation>当事人 / 申请人</translation>
    </message>
    <message>
      <source>Due date</source>
      <translation>到期日</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
  </context>
  <context>
    <name>Operators</name>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Disabled</source>
      <translation>已停用</translation>
    </message>
    <message>
      <source>Locked until %1 (failed logins)</source>
      <translation>密码输错次数过多，锁定至 %1</translation>
    </message>
    <message>
      <source>Cannot log in: reset the password</source>
      <translation>无法登录：请重置密码</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>在用</translation>
    </message>
  </context>
  <context>
    <name>OperatorsPage</name>
    <message>
      <source>Operators</source>
      <extracomment>The dialog or question currently open (tests drive it).</extracomment>
      <translation>操作员</translation>
    </message>
    <message>
      <source>Everyone who uses this computer has an account of their own. A disabled account can no longer log in; what it recorded stays. Records are never deleted.</source>
      <translation>使用这台电脑的每个人都应有自己的账号。停用的账号不能再登录，它登记的内容全部保留；记录永不删除。</translation>
    </message>
    <message>
      <source>Add operator...</source>
      <translation>添加操作员……</translation>
    </message>
    <message>
      <source>Disable</source>
      <translation>停用</translation>
    </message>
    <message>
      <source>Enable...</source>
      <translation>启用……</translation>
    </message>
    <message>
      <source>Reset password...</source>
      <translation>重置密码……</translation>
    </message>
    <message>
      <source>Recovery code</source>
      <translation>恢复码</translation>
    </message>
    <message>
      <source>The recovery code printed at set-up lets an administrator who forgot the password set a new one. If the sheet is lost or may have been seen, make a new code: the old one stops working.</source>
      <translation>初始化时打印的恢复码可供忘记密码的管理员重新设置密码。如果恢复码遗失或可能被他人看到，请生成新的恢复码，原恢复码随即作废。</translation>
    </message>
    <message>
      <source>Make a new recovery code...</source>
      <translation>生成新的恢复码……</translation>
    </message>
    <message>
      <source>The operator was added.</source>
      <translation>已添加操作员。</translation>
    </message>
    <message>
      <source>Disable operator</source>
      <translation>停用操作员</translation>
    </message>
    <message>
      <source>Disable %1 (%2)? The account can no longer log in; everything it recorded stays. It can be enabled again with a new password.</source>
      <translation>要停用 %1（%2）吗？停用后该账号不能再登录，它登记的内容全部保留；以后可以设置新密码重新启用。</translation>
    </message>
    <message>
      <source>The database then gets a new key, so copies of the key file or backups the account may have kept open nothing recorded from now on. This can take a few minutes on a large station; keep the computer on.</source>
      <translation>随后数据库将更换新的密钥：该账户可能留存的密钥文件或备份副本，将无法打开此后记录的任何内容。数据较多的工作站可能需要几分钟，请勿关机。</translation>
    </message>
    <message>
      <source>The operator was disabled.</source>
      <translation>已停用操作员。</translation>
    </message>
    <message>
      <source>Changing the database key: %1. This cannot be cancelled; please wait and do not switch the computer off.</source>
      <translation>正在更换数据库密钥：%1。此操作不能中途取消，请耐心等待，不要关闭电脑。</translation>
    </message>
    <message>
      <source>The database key could not be changed now because another workstation program has the station open. It will be changed at the next login.</source>
      <translation>另一个工作站程序正在使用本站数据库，暂时无法更换数据库密钥；将在下次登录时自动更换。</translation>
    </message>
    <message>
      <source>These accounts could not be given the new key and cannot log in until you reset their password: %1</source>
      <translation>以下账户未能获得新的密钥，需要您为其重置密码后才能登录：%1</translation>
    </message>
    <message>
      <source>Enable %1</source>
      <translation>启用 %1</translation>
    </message>
    <message>
      <source>The account gets a new password; tell it to %1 in person.</source>
      <translation>请为该账号设置新密码，并当面告知 %1。</translation>
    </message>
    <message>
      <source>The operator was enabled.</source>
      <translation>已重新启用操作员。</translation>
    </message>
    <message>
      <source>Reset the password of %1</source>
      <translation>重置 %1 的密码</translation>
    </message>
    <message>
      <source>The old password stops working at once; a lock after failed logins is lifted. Tell the new password to %1 in person.</source>
      <translation>原密码立即失效，因输错密码造成的锁定随之解除。请当面把新密码告知 %1。</translation>
    </message>
    <message>
      <source>The password was reset.</source>
      <translation>密码已重置。</translation>
    </message>
    <message>
      <source>Make a new recovery code</source>
      <translation>生成新的恢复码</translation>
    </message>
    <message>
      <source>Make a new recovery code? The old code stops working at once; print the new one and keep it in the safe.</source>
      <translation>要生成新的恢复码吗？原恢复码将立即作废；请打印新的恢复码并存放在保险柜中。</translation>
    </message>
    <message>
      <source>The database also gets a new key, so the old code opens nothing recorded from now on. This can take a few minutes on a large station.</source>
      <translation>数据库也将更换新的密钥，原恢复码将无法打开此后记录的任何内容。数据较多的工作站可能需要几分钟。</translation>
    </message>
    <message>
      <source>The new recovery code is in force.</source>
      <translation>新的恢复码已生效。</translation>
    </message>
  </context>
  <context>
    <name>Pages</name>
    <message>
      <source>Statistics</source>
      <translation>统计</translation>
    </message>
    <message>
      <source>Sync</source>
      <translation>同步</translation>
    </message>
    <message>
      <source>Workbench</source>
      <translation>工作台</translation>
    </message>
    <message>
      <source>Consultations</source>
      <translation>法律咨询</translation>
    </message>
    <message>
      <source>Mediation</source>
      <translation>人民调解</translation>
    </message>
    <message>
      <source>Legal aid</source>
      <translation>法律援助</translation>
    </message>
    <message>
      <source>Dispute screening</source>
      <translation>矛盾排查</translation>
    </message>
    <message>
      <source>12348 orders</source>
      <translation>12348工单</translation>
    </message>
    <message>
      <source>Legal publicity</source>
      <translation>普法宣传</translation>
    </message>
    <message>
      <source>Persons</source>
      <translation>当事人</translation>
    </message>
    <message>
      <source>Service directory</source>
      <translation>服务指引</translation>
    </message>
    <message>
      <source>Backups</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>Audit log</source>
      <translation>操作日志</translation>
    </message>
    <message>
      <source>Operators</source>
      <translation>操作员</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Search results</source>
      <translation>搜索结果</translation>
    </message>
  </context>
  <context>
    <name>PartyRow</name>
    <message>
      <source>Person</source>
      <translation>个人</translation>
    </message>
    <message>
      <source>Organisation</source>
      <translation>单位</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Organisation name</source>
      <translation>单位名称</translation>
    </message>
    <message>
      <source>Legal representative</source>
      <translation>法定代表人</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Party %1</source>
      <translation>当事人 %1</translation>
    </message>
  </context>
  <context>
    <name>PasswordDialog</name>
    <message>
      <source>Current password</source>
      <translation>原密码</translation>
    </message>
    <message>
      <source>New password (at least 8 characters)</source>
      <translation>新密码（至少8位）</translation>
    </message>
    <message>
      <source>Repeat the new password</source>
      <translation>再次输入新密码</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Please enter your current password.</source>
      <translation>请输入原密码。</translation>
    </message>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
  </context>
  <context>
    <name>PendingTableModel</name>
    <message>
      <source>Urgent</source>
      <translation>紧急</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>站点</translation>
    </message>
    <message>
      <source>Application No.</source>
      <translation>申请编号</translation>
    </message>
    <message>
      <source>Applicant</source>
      <translation>申请人</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Matter</source>
      <translation>援助事项</translation>
    </message>
    <message>
      <source>Forwarded</source>
      <translation>转交日期</translation>
    </message>
    <message>
      <source>Waiting</source>
      <translation>已等待</translation>
    </message>
    <message>
      <source>Decision due</source>
      <translation>应决定日期</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Limitation period ends %1</source>
      <translation>时效届满日 %1</translation>
    </message>
    <message>
      <source>%1 days</source>
      <translation>%1 天</translation>
    </message>
  </context>
  <context>
    <name>PeriodPicker</name>
    <message>
      <source>Month</source>
      <translation>按月</translation>
    </message>
    <message>
      <source>Quarter</source>
      <translation>按季度</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>按年</translation>
    </message>
    <message>
      <source>Custom dates</source>
      <translation>自定义日期</translation>
    </message>
    <message>
      <source> (year)</source>
      <translation> 年</translation>
    </message>
    <message>
      <source>Month %1</source>
      <translation>%1月</translation>
    </message>
    <message>
      <source>Quarter %1</source>
      <translation>第%1季度</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
  </context>
  <context>
    <name>PersonDetail</name>
    <message>
      <source>Choose a person in the list</source>
      <translation>请在左侧列表中选择一人</translation>
    </message>
    <message>
      <source>Personal data request...</source>
      <translation>个人信息查询……</translation>
    </message>
    <message>
      <source>List everything the station holds about this person and print it for them</source>
      <translation>列出本站保存的有关此人的全部信息，并打印给本人</translation>
    </message>
    <message>
      <source>person</source>
      <translation>当事人</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Birth date</source>
      <translation>出生日期</translation>
    </message>
    <message>
      <source>Ethnicity</source>
      <translation>民族</translation>
    </message>
    <message>
      <source>Document type</source>
      <translation>证件类型</translation>
    </message>
    <message>
      <source>Show full ID number</source>
      <translation>显示完整证件号</translation>
    </message>
    <message>
      <source>Every viewing of a full ID number is recorded in the audit log</source>
      <translation>每次查看完整证件号码都会记入操作日志</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>证件号码</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Household registration</source>
      <translation>户籍</translation>
    </message>
    <message>
      <source>Occupation</source>
      <translation>职业</translation>
    </message>
    <message>
      <source>Employer</source>
      <translation>工作单位</translation>
    </message>
    <message>
      <source>Special groups</source>
      <translation>特殊群体</translation>
    </message>
    <message>
      <source>History</source>
      <translation>办理记录</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Service</source>
      <translation>业务</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>身份</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>摘要</translation>
    </message>
    <message>
      <source>Double-click or press Enter to open the record</source>
      <translation>双击或按回车键打开该记录</translation>
    </message>
    <message>
      <source>Loading...</source>
      <translation>正在读取……</translation>
    </message>
    <message>
      <source>(not recorded)</source>
      <translation>—</translation>
    </message>
    <message>
      <source>(voided)</source>
      <translation>（已作废）</translation>
    </message>
    <message>
      <source>History (%1)</source>
      <translation>办理记录（%1条）</translation>
    </message>
    <message>
      <source>History: no records yet</source>
      <translation>办理记录：暂无</translation>
    </message>
  </context>
  <context>
    <name>PersonPicker</name>
    <message>
      <source>Name, pinyin initials (zs), last 4 ID digits or phone</source>
      <extracomment>The 56 ethnic groups as recorded on forms (data, stored as written). The selection or any typed detail changed. An existing person was chosen: their id.</extracomment>
      <translation>姓名、拼音首字母（如 zs）、证件号后4位或电话</translation>
    </message>
    <message>
      <source>New person</source>
      <translation>新当事人</translation>
    </message>
    <message>
      <source>The citizen is not registered yet: enter details</source>
      <translation>尚未登记过的群众：填写其基本信息</translation>
    </message>
    <message>
      <source>Anonymous consultation</source>
      <translation>匿名咨询</translation>
    </message>
    <message>
      <source>The citizen does not want to leave a name: no personal details are kept</source>
      <translation>群众不愿留下姓名：不记录个人信息</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>更换</translation>
    </message>
    <message>
      <source>Choose another person</source>
      <translation>改选其他人</translation>
    </message>
    <message>
      <source>Earlier records</source>
      <translation>以往记录</translation>
    </message>
    <message>
      <source>Find a registered person instead</source>
      <translation>改为查找已登记的人</translation>
    </message>
    <message>
      <source>Use the registered person</source>
      <translation>使用已登记的当事人</translation>
    </message>
    <message>
      <source>Name</source>
      <extracomment>The input of each field: leaving it shows the field's error.</extracomment>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Document type</source>
      <translation>证件类型</translation>
    </message>
    <message>
      <source>18 digits; birth date and sex are filled in from it</source>
      <translation>18位；出生日期和性别将自动填入</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>证件号码</translation>
    </message>
    <message>
      <source>Not given</source>
      <translation>未填</translation>
    </message>
    <message>
      <source>e.g. 19660606; filled in from the ID</source>
      <translation>如 19660606；可由身份证号自动填写</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Birth date</source>
      <translation>出生日期</translation>
    </message>
    <message>
      <source>Ethnicity</source>
      <translation>民族</translation>
    </message>
    <message>
      <source>Mobile (11 digits) or landline</source>
      <translation>手机（11位）或座机</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Special groups</source>
      <translation>特殊群体</translation>
    </message>
    <message>
      <source>Loading...</source>
      <translation>正在读取……</translation>
    </message>
    <message>
      <source>Searching...</source>
      <translation>正在查找……</translation>
    </message>
    <message>
      <source>Search failed: %1</source>
      <translation>查找失败：%1</translation>
    </message>
    <message>
      <source>%1 registered persons found: choose one, or press New person</source>
      <translation>找到 %1 位已登记的人：请选择，或点“新当事人”</translation>
    </message>
    <message>
      <source>No registered person found. Press Enter or New person to enter the details.</source>
      <translation>没有找到已登记的人。按回车键或点“新当事人”填写信息。</translation>
    </message>
    <message>
      <source>born %1</source>
      <translation>%1年生</translation>
    </message>
    <message>
      <source>no ID number</source>
      <translation>无证件号码</translation>
    </message>
    <message>
      <source>This person has no ID number on record; it is required here. Enter the person as new with the ID number.</source>
      <translation>此人未登记证件号码，这里必须填写。请点“更换”后按新当事人填写证件号码。</translation>
    </message>
    <message>
      <source>Earlier records (%1)</source>
      <translation>以往记录（%1条）</translation>
    </message>
    <message>
      <source>No earlier records</source>
      <translation>没有以往记录</translation>
    </message>
    <message>
      <source>This ID number is already registered: %1 (%2). Use the registered person to keep the records together.</source>
      <translation>该证件号码已登记：%1（%2）。请使用已登记的当事人，以便记录归在同一人名下。</translation>
    </message>
  </context>
  <context>
    <name>PersonalDataDialog</name>
    <message>
      <source>Personal data request</source>
      <extracomment>The report was made (its ``RenderedDocument``), before the preview opens.</extracomment>
      <translation>个人信息查询</translation>
    </message>
    <message>
      <source>Loading...</source>
      <translation>正在读取……</translation>
    </message>
    <message>
      <source>Everything this station holds about the person: their details and every record naming them (as consulting person, party or applicant), voided ones included. Make the report to print it or save it as a PDF for the citizen.</source>
      <translation>本站保存的有关此人的全部信息：个人基本信息，以及涉及此人（作为咨询人、当事人或申请人）的每一条记录，包括已作废的记录。可生成查询结果打印或另存为PDF交给本人。</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Service</source>
      <translation>业务</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>身份</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>摘要</translation>
    </message>
    <message>
      <source>The citizen is here and their ID document was checked (print the full ID number)</source>
      <translation>本人持身份证件到场，已核验身份（查询结果中完整显示证件号码）</translation>
    </message>
    <message>
      <source>Make the report (print or save as PDF)...</source>
      <translation>生成查询结果（打印或另存为PDF）……</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>%1: %2 records</source>
      <translation>%1：共%2条记录</translation>
    </message>
    <message>
      <source>(voided)</source>
      <translation>（已作废）</translation>
    </message>
    <message>
      <source>Preparing the report...</source>
      <translation>正在生成查询结果……</translation>
    </message>
    <message>
      <source>The report is ready (recorded in the audit trail).</source>
      <translation>查询结果已生成（已记入操作日志）。</translation>
    </message>
  </context>
  <context>
    <name>PersonsPage</name>
    <message>
      <source>Persons</source>
      <translation>当事人</translation>
    </message>
    <message>
      <source>Everyone registered at this station. Use the search box at the top to find a person by name, pinyin initials or ID digits.</source>
      <translation>本站登记过的所有当事人。可用顶部的搜索框按姓名、拼音首字母或证件号码查找。</translation>
    </message>
  </context>
  <context>
    <name>PhotoStrip</name>
    <message>
      <source>Add photos...</source>
      <extracomment>The set of photos changed (added or removed). A batch of picked files finished loading (tests wait for it).</extracomment>
      <translation>添加照片……</translation>
    </message>
    <message>
      <source>Remove selected photos</source>
      <translation>删除所选照片</translation>
    </message>
    <message>
      <source>%1 (not saved yet)</source>
      <translation>%1（尚未保存）</translation>
    </message>
    <message>
      <source>%1 of at most %2 photos</source>
      <translation>%1 张（最多 %2 张）</translation>
    </message>
    <message>
      <source>Add photos</source>
      <translation>添加照片</translation>
    </message>
    <message>
      <source>Pictures (%1);;All files (*)</source>
      <translation>图片 (%1);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Reading photos...</source>
      <translation>正在读取照片……</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>%1 photos were left out: an activity keeps at most %2 photos.</source>
      <translation>有 %1 张照片未添加：每次活动最多保存 %2 张照片。</translation>
    </message>
    <message>
      <source>Some files were not added</source>
      <translation>部分文件未添加</translation>
    </message>
    <message>
      <source>Could not add the photos</source>
      <translation>无法添加照片</translation>
    </message>
    <message>
      <source>Could not open</source>
      <translation>无法打开</translation>
    </message>
  </context>
  <context>
    <name>PlainBackupsPrompt</name>
    <message>
      <source>Old unencrypted backups</source>
      <extracomment>While another window-modal dialog is open (the recovery code, the drafts), wait this long and look again.</extracomment>
      <translation>未加密的旧备份</translation>
    </message>
    <message>
      <source>The backup folder still holds %1 backups made before this station was encrypted. They are not encrypted: anyone who copies them reads every person's records and the old password hashes.

Shred them now? The encrypted station holds everything they hold. Copies on USB sticks must be destroyed by hand.</source>
      <translation>备份文件夹中还有 %1 个本站加密之前做的备份。这些备份没有加密：任何人复制后都能读取全部当事人的记录和旧密码的散列值。

现在粉碎这些备份吗？加密后的本站数据库已包含其中的全部内容。如曾复制到U盘等处，请另行销毁。</translation>
    </message>
    <message>
      <source>Shred them</source>
      <translation>粉碎这些备份</translation>
    </message>
    <message>
      <source>Ask me later</source>
      <translation>以后再问</translation>
    </message>
    <message>
      <source>%1 old unencrypted backups were shredded.</source>
      <translation>已粉碎 %1 个未加密的旧备份。</translation>
    </message>
  </context>
  <context>
    <name>PreventionDialog</name>
    <message>
      <source>Dispute kept from escalating</source>
      <translation>防止纠纷激化</translation>
    </message>
    <message>
      <source>Counted in the monthly report (cases and people). A dispute found by a screening and linked to this case is counted there instead.</source>
      <translation>计入月度统计（件数和人数）。排查发现并转入本案的纠纷已登记的，按排查记录统计，不重复计算。</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source> people</source>
      <translation> 人</translation>
    </message>
    <message>
      <source>Prevented</source>
      <translation>防止类别</translation>
    </message>
    <message>
      <source>People concerned</source>
      <translation>涉及人数</translation>
    </message>
  </context>
  <context>
    <name>PreviewDialog</name>
    <message>
      <source>Print preview: %1</source>
      <extracomment>Pages were sent to a printer (count). The PDF was written to this path.</extracomment>
      <translation>打印预览：%1</translation>
    </message>
    <message>
      <source>Smaller (−)</source>
      <translation>缩小（−）</translation>
    </message>
    <message>
      <source>Larger (+)</source>
      <translation>放大（+）</translation>
    </message>
    <message>
      <source>Whole page</source>
      <translation>整页显示</translation>
    </message>
    <message>
      <source>Fit width</source>
      <translation>适合宽度</translation>
    </message>
    <message>
      <source>Save as PDF...</source>
      <translation>另存为PDF……</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>%1 pages</source>
      <translation>共%1页</translation>
    </message>
    <message>
      <source>Print receipt...</source>
      <translation>打印回执……</translation>
    </message>
    <message>
      <source>Print...</source>
      <translation>打印……</translation>
    </message>
    <message>
      <source>Save as PDF</source>
      <translation>另存为PDF</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>PDF文件 (*.pdf)</translation>
    </message>
    <message>
      <source>Could not save the file</source>
      <translation>无法保存文件</translation>
    </message>
    <message>
      <source>The PDF could not be saved: %1</source>
      <translation>PDF文件未能保存：%1</translation>
    </message>
    <message>
      <source>Print %1</source>
      <translation>打印%1</translation>
    </message>
    <message>
      <source>the default printer</source>
      <translation>默认打印机</translation>
    </message>
    <message>
      <source>Print receipt</source>
      <translation>打印回执</translation>
    </message>
    <message>
      <source>Print the receipt on %1 (80 mm paper)?</source>
      <translation>在“%1”上打印回执（80毫米纸）吗？</translation>
    </message>
    <message>
      <source>Printing...</source>
      <translation>正在打印……</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Printing</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>Printing page %1 of %2...</source>
      <translation>正在打印第%1页，共%2页……</translation>
    </message>
    <message>
      <source>Printing failed</source>
      <translation>打印失败</translation>
    </message>
    <message>
      <source>The printer could not be opened. Check that it is switched on and chosen in Settings.</source>
      <translation>无法连接打印机。请检查打印机是否开机，并在“设置”中选好打印机。</translation>
    </message>
  </context>
  <context>
    <name>PrintButton</name>
    <message>
      <source>Print</source>
      <extracomment>What Ctrl+P (and the bold first entry of the menu) prints for each kind of record. None when the record fits, else the Chinese reason it does not. The menu was rebuilt for the current record (tests). A document was made and audited: its ``RenderedDocument``. The preview opened (the ``PreviewDialog``).</extracomment>
      <translation>打印</translation>
    </message>
    <message>
      <source>Print or save a form or receipt of this record</source>
      <translation>打印或保存本记录的文书、回执</translation>
    </message>
    <message>
      <source>Print %1</source>
      <translation>打印%1</translation>
    </message>
    <message>
      <source>%1 (receipt printer)</source>
      <translation>%1（收据打印机）</translation>
    </message>
    <message>
      <source>%1 (Ctrl+P)</source>
      <translation>%1（Ctrl+P）</translation>
    </message>
    <message>
      <source>Preparing %1...</source>
      <translation>正在生成%1……</translation>
    </message>
    <message>
      <source>Could not print</source>
      <translation>无法打印</translation>
    </message>
    <message>
      <source>%1 is ready (recorded in the audit trail)</source>
      <translation>%1已生成（已记入操作日志）</translation>
    </message>
    <message>
      <source>The following characters have no available font and will print as 〓: %1</source>
      <translation>以下字符没有可用字体，将印为〓：%1</translation>
    </message>
    <message>
      <source>Characters without a font</source>
      <translation>有字符无法显示</translation>
    </message>
    <message>
      <source>Check the spelling in the record, or write these characters in by hand after printing.</source>
      <translation>请核对记录中的写法，或打印后手写补上这些字。</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>继续</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>ProviderForm</name>
    <message>
      <source>e.g. 0335-3012345; several separated by 、</source>
      <translation>如：0335-3012345，多个号码用“、”隔开</translation>
    </message>
    <message>
      <source>e.g. Workdays 8:30-17:30</source>
      <translation>如：工作日 8:30-17:30</translation>
    </message>
    <message>
      <source>e.g. Call ahead for an appointment</source>
      <translation>如：请先电话预约</translation>
    </message>
    <message>
      <source>Offer this provider when referring citizens</source>
      <translation>引导群众时可选用此机构</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>机构名称</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>机构类别</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Office hours</source>
      <translation>办公时间</translation>
    </message>
    <message>
      <source>Services</source>
      <translation>服务内容</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>In use</source>
      <translation>启用</translation>
    </message>
    <message>
      <source>Save (Ctrl+S)</source>
      <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
      <source>Only the station admin can change the directory.</source>
      <translation>只有站点管理员可以修改服务指引名录。</translation>
    </message>
    <message>
      <source>New provider</source>
      <translation>新增机构</translation>
    </message>
  </context>
  <context>
    <name>ProviderTableModel</name>
    <message>
      <source>Name</source>
      <translation>机构名称</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Office hours</source>
      <translation>办公时间</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>In use</source>
      <translation>启用</translation>
    </message>
    <message>
      <source>Not in use</source>
      <translation>停用</translation>
    </message>
  </context>
  <context>
    <name>ProvidersPage</name>
    <message>
      <source>All kinds</source>
      <translation>全部类别</translation>
    </message>
    <message>
      <source>Show providers not in use</source>
      <translation>显示已停用的机构</translation>
    </message>
    <message>
      <source>New provider</source>
      <translation>新增机构</translation>
    </message>
    <message>
      <source>Import CSV...</source>
      <translation>导入CSV……</translation>
    </message>
    <message>
      <source>Merge a directory file handed out by the county (UTF-8 or GBK CSV) by name</source>
      <translation>导入县级中心下发的名录文件（UTF-8 或 GBK 编码的 CSV），按机构名称合并</translation>
    </message>
    <message>
      <source>Export CSV...</source>
      <translation>导出CSV……</translation>
    </message>
    <message>
      <source>Update from the county center</source>
      <translation>从县级中心更新</translation>
    </message>
    <message>
      <source>Fetch the county center's directory over the network and merge it by name (no provider is removed)</source>
      <translation>通过网络取回县级中心的服务指引名录，按名称合并（不会删除任何机构）</translation>
    </message>
    <message>
      <source>%1 providers</source>
      <translation>共 %1 家机构</translation>
    </message>
    <message>
      <source>Directory saved.</source>
      <translation>服务指引名录已保存。</translation>
    </message>
    <message>
      <source>Import the directory</source>
      <translation>导入服务指引名录</translation>
    </message>
    <message>
      <source>CSV files (*.csv *.txt);;All files (*)</source>
      <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Export the directory</source>
      <translation>导出服务指引名录</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>%1 providers exported to %2</source>
      <translation>已导出 %1 家机构：%2</translation>
    </message>
    <message>
      <source>The directory file was not processed</source>
      <translation>名录文件未处理</translation>
    </message>
    <message>
      <source>The directory already matches the county center's (%1 providers).</source>
      <translation>本站名录已与县级中心一致（共 %1 家机构）。</translation>
    </message>
    <message>
      <source>The county center's directory changes %1 provider(s) this station already has (their details here are replaced by the county center's) and adds %2. Update the directory?</source>
      <translation>县级中心的名录将更改本站已有的 %1 家机构（本站填写的信息将被县级中心的替换），并新增 %2 家。是否更新名录？</translation>
    </message>
    <message>
      <source>The directory was not updated.</source>
      <translation>名录未更新。</translation>
    </message>
    <message>
      <source>Directory updated from the county center: %1 added, %2 updated, %3 unchanged.</source>
      <translation>已从县级中心更新名录：新增 %1 家，更新 %2 家，未变 %3 家。</translation>
    </message>
    <message>
      <source>The directory was not updated from the county center</source>
      <translation>未能从县级中心更新名录</translation>
    </message>
  </context>
  <context>
    <name>PublicityPage</name>
    <message>
      <source>New publicity activity</source>
      <translation>登记宣传活动</translation>
    </message>
    <message>
      <source>All forms</source>
      <translation>全部宣传形式</translation>
    </message>
    <message>
      <source>All kinds of place</source>
      <translation>全部场所类型</translation>
    </message>
    <message>
      <source>Could not open</source>
      <translation>无法打开</translation>
    </message>
    <message>
      <source>Unsaved changes</source>
      <translation>尚未保存</translation>
    </message>
    <message>
      <source>Discard what was entered for this activity?</source>
      <translation>放弃本次活动已填写的内容吗？</translation>
    </message>
    <message>
      <source>Publicity activity saved.</source>
      <translation>普法宣传活动已保存。</translation>
    </message>
  </context>
  <context>
    <name>QFileDialog</name>
    <message>
      <source>&amp;Look in:</source>
      <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
      <source>Files of &amp;type:</source>
      <translation>文件类型(&amp;T)：</translation>
    </message>
    <message>
      <source>Save &amp;as:</source>
      <translation>另存为(&amp;A)：</translation>
    </message>
  </context>
  <context>
    <name>QPlatformTheme</name>
    <message>
      <source>Yes to All</source>
      <translation>全部是</translation>
    </message>
    <message>
      <source>No to All</source>
      <translation>全部否</translation>
    </message>
  </context>
  <context>
    <name>RateButton</name>
    <message>
      <source>Citizen rates the service……</source>
      <translation>请群众评价……</translation>
    </message>
    <message>
      <source>Show the rating screen to the citizen (on the second monitor if there is one)</source>
      <translation>向群众显示评价屏（有第二台显示器时显示在第二台上）</translation>
    </message>
  </context>
  <context>
    <name>RatingScreen</name>
    <message>
      <source>Rate our service</source>
      <extracomment>How long the thank-you stays before the screen returns to the operator (ms). Outcomes ``finished`` reports. Screens shown and not yet destroyed (a top-level window without a parent is kept alive here, not by the caller's local variable).</extracomment>
      <translation>群众评价</translation>
    </message>
    <message>
      <source>Please rate our service</source>
      <translation>请您对本次服务作出评价</translation>
    </message>
    <message>
      <source>Optional: tap what applies</source>
      <translation>可选：请点选符合的原因</translation>
    </message>
    <message>
      <source>Submit rating</source>
      <translation>提交评价</translation>
    </message>
    <message>
      <source>Staff: return with password</source>
      <translation>工作人员凭密码返回</translation>
    </message>
    <message>
      <source>The operator's login password returns to the operator without a rating.</source>
      <translation>工作人员输入本人的登录密码后，不评价直接返回。</translation>
    </message>
    <message>
      <source>Return to the operator</source>
      <translation>返回工作人员</translation>
    </message>
    <message>
      <source>Back to the rating</source>
      <translation>返回评价</translation>
    </message>
    <message>
      <source>Thank you for your rating!</source>
      <translation>谢谢您的评价！</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Enter the operator's password.</source>
      <translation>请输入工作人员的登录密码。</translation>
    </message>
  </context>
  <context>
    <name>ReceiptDialog</name>
    <message>
      <source>Center received the application</source>
      <translation>中心已接收申请</translation>
    </message>
    <message>
      <source>* Received on</source>
      <translation>* 接收日期</translation>
    </message>
  </context>
  <context>
    <name>ReceivedTableModel</name>
    <message>
      <source>No.</source>
      <translation>序号</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>收到时间</translation>
    </message>
    <message>
      <source>Station changes</source>
      <translation>站点更改序号</translation>
    </message>
    <message>
      <source>New</source>
      <translation>新增</translation>
    </message>
    <message>
      <source>Updated</source>
      <translation>更新</translation>
    </message>
    <message>
      <source>Unchanged</source>
      <translation>未变</translation>
    </message>
    <message>
      <source>Conflicts</source>
      <translation>冲突</translation>
    </message>
  </context>
  <context>
    <name>RecordDialog</name>
    <message>
      <source>Record (read only)</source>
      <translation>记录（只读）</translation>
    </message>
    <message>
      <source>From %1. The county reads the records the station sent in its bundles; changes are made at the station.</source>
      <translation>来自%1。县级中心查看的是站点在数据包中报送的记录；如需修改，请在站点办理。</translation>
    </message>
    <message>
      <source>a station</source>
      <translation>站点</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
  </context>
  <context>
    <name>RecordLineModel</name>
    <message>
      <source>Number</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Parties / citizen</source>
      <translation>当事人/申请人</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Status / result</source>
      <translation>状态/结果</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>站点</translation>
    </message>
  </context>
  <context>
    <name>RecordList</name>
    <message>
      <source>All statuses</source>
      <extracomment>A row was opened (double-click or Enter): its record id. The New button was pressed. The user moved the current row (click, arrow keys) to another record: its id. The page shows that record and then calls ``show_record`` so that list and detail agree.</extracomment>
      <translation>全部状态</translation>
    </message>
    <message>
      <source>All types</source>
      <translation>全部类型</translation>
    </message>
    <message>
      <source>Date from</source>
      <translation>日期从</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
    <message>
      <source>Show voided</source>
      <translation>显示已作废</translation>
    </message>
    <message>
      <source>Voided records are kept; tick to list them too (struck through)</source>
      <translation>已作废的记录仍然保留；勾选后一并列出（显示删除线）</translation>
    </message>
    <message>
      <source>New</source>
      <translation>新建</translation>
    </message>
    <message>
      <source>%1 records</source>
      <extracomment>The record the page's detail shows (highlighted here whenever it is listed).</extracomment>
      <translation>共 %1 条</translation>
    </message>
  </context>
  <context>
    <name>RecordTypes</name>
    <message>
      <source>Person</source>
      <translation>当事人</translation>
    </message>
    <message>
      <source>Legal consultation</source>
      <translation>法律咨询</translation>
    </message>
    <message>
      <source>People's mediation</source>
      <translation>人民调解</translation>
    </message>
    <message>
      <source>Legal aid</source>
      <translation>法律援助</translation>
    </message>
  </context>
  <context>
    <name>RecoverDialog</name>
    <message>
      <source>Reset the administrator password</source>
      <translation>重设管理员密码</translation>
    </message>
    <message>
      <source>Enter the recovery code printed when the station was set up (kept in the safe). Upper or lower case and the dashes do not matter.</source>
      <translation>请输入初始化本站时打印的恢复码（存放在保险柜中）。不区分大小写，短横线可省略。</translation>
    </message>
    <message>
      <source>Recovery code</source>
      <translation>恢复码</translation>
    </message>
    <message>
      <source>Administrator user name</source>
      <translation>管理员用户名</translation>
    </message>
    <message>
      <source>New password</source>
      <translation>新密码</translation>
    </message>
    <message>
      <source>Repeat the new password</source>
      <translation>再次输入新密码</translation>
    </message>
    <message>
      <source>Set the new password and log in</source>
      <translation>设置新密码并登录</translation>
    </message>
    <message>
      <source>Please enter the recovery code.</source>
      <translation>请输入恢复码。</translation>
    </message>
    <message>
      <source>Please enter the administrator's user name.</source>
      <translation>请输入管理员用户名。</translation>
    </message>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
  </context>
  <context>
    <name>RecoveryCodeDialog</name>
    <message>
      <source>Recovery code</source>
      <translation>恢复码</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
  </context>
  <context>
    <name>RecoveryCodePanel</name>
    <message>
      <source>This is the recovery code of this database. It is shown only this once. With it an administrator who forgot the password can set a new one; without it and without any administrator password, the encrypted data cannot be opened by anyone.</source>
      <extracomment>The confirmation box was ticked or cleared.</extracomment>
      <translation>这是本数据库的恢复码，只显示这一次。管理员忘记密码时，可凭恢复码重新设置密码；既没有恢复码、也没有任何管理员密码时，加密的数据任何人都无法打开。</translation>
    </message>
    <message>
      <source>Print it (or copy it by hand) and keep the sheet in the office safe. Do not keep it on this computer, in a phone or on a USB stick.</source>
      <translation>请打印（或手工抄写）后存放在本单位保险柜中。不要保存在这台电脑、手机或U盘上。</translation>
    </message>
    <message>
      <source>Print the recovery code...</source>
      <translation>打印恢复码……</translation>
    </message>
    <message>
      <source>I have printed or written down the recovery code and will keep it in the safe.</source>
      <translation>我已打印或抄写恢复码，并将存放在保险柜中。</translation>
    </message>
    <message>
      <source>The sheet could not be made: %1</source>
      <translation>无法生成恢复码打印页：%1</translation>
    </message>
  </context>
  <context>
    <name>ReferralForm</name>
    <message>
      <source>New legal aid application</source>
      <extracomment>The referral being corrected (更正, before forwarding), or None for a new one.
----------
Applicant's special groups; None while an existing person's groups are loading. (matter, groups) the hardship route was last pre-selected for.</extracomment>
      <translation>新建法律援助申请</translation>
    </message>
    <message>
      <source>Applicant</source>
      <translation>申请人</translation>
    </message>
    <message>
      <source>Only if someone applies on the applicant's behalf</source>
      <translation>仅在他人代为申请时填写</translation>
    </message>
    <message>
      <source>e.g. son, daughter, guardian</source>
      <translation>例如：儿子、女儿、监护人</translation>
    </message>
    <message>
      <source>Agent</source>
      <translation>代理人</translation>
    </message>
    <message>
      <source>Agent's relation</source>
      <translation>与申请人关系</translation>
    </message>
    <message>
      <source>Agent's phone</source>
      <translation>代理人电话</translation>
    </message>
    <message>
      <source>Matter</source>
      <translation>申请事项</translation>
    </message>
    <message>
      <source>Matter applied for</source>
      <translation>申请事项</translation>
    </message>
    <message>
      <source>Details of the matter</source>
      <translation>具体说明</translation>
    </message>
    <message>
      <source>e.g. labour remuneration dispute</source>
      <translation>例如：劳动报酬纠纷</translation>
    </message>
    <message>
      <source>Cause of action</source>
      <translation>案由</translation>
    </message>
    <message>
      <source>(not stated)</source>
      <translation>—</translation>
    </message>
    <message>
      <source>Procedural role</source>
      <translation>诉讼地位</translation>
    </message>
    <message>
      <source>Agent's ID</source>
      <translation>代理人证件</translation>
    </message>
    <message>
      <source>Case stage</source>
      <translation>案件阶段</translation>
    </message>
    <message>
      <source>Form of aid</source>
      <translation>申请援助形式</translation>
    </message>
    <message>
      <source>Name of the other side, if any</source>
      <translation>如有对方当事人，填写其姓名或名称</translation>
    </message>
    <message>
      <source>Opposing party</source>
      <translation>对方当事人</translation>
    </message>
    <message>
      <source>Summary of facts</source>
      <translation>案情摘要</translation>
    </message>
    <message>
      <source>Request and reasons</source>
      <translation>申请事项及理由</translation>
    </message>
    <message>
      <source>Application date</source>
      <translation>申请日期</translation>
    </message>
    <message>
      <source>There is a deadline</source>
      <translation>有时效/期限</translation>
    </message>
    <message>
      <source>Limitation / deadline expires</source>
      <translation>时效/期限届满日</translation>
    </message>
    <message>
      <source>Economic hardship</source>
      <translation>经济困难状况</translation>
    </message>
    <message>
      <source>How hardship is established</source>
      <translation>经济困难认定方式</translation>
    </message>
    <message>
      <source>Household size</source>
      <translation>家庭人口</translation>
    </message>
    <message>
      <source>e.g. 1500</source>
      <translation>例如：1500</translation>
    </message>
    <message>
      <source>Monthly income (yuan)</source>
      <translation>月收入（元）</translation>
    </message>
    <message>
      <source>e.g. house, vehicle, savings</source>
      <translation>例如：房产、车辆、存款</translation>
    </message>
    <message>
      <source>Property</source>
      <translation>财产状况</translation>
    </message>
    <message>
      <source>Materials received</source>
      <translation>申请材料清单</translation>
    </message>
    <message>
      <source>Start over</source>
      <extracomment>The consultation the application comes from (the link is stored on saving).</extracomment>
      <translation>清空重填</translation>
    </message>
    <message>
      <source>Back (Esc)</source>
      <translation>返回（Esc）</translation>
    </message>
    <message>
      <source>Save application (Ctrl+S)</source>
      <translation>保存申请（Ctrl+S）</translation>
    </message>
    <message>
      <source>Correct legal aid application %1</source>
      <extracomment>The 12348 work order this new application handles (linked once it is saved).</extracomment>
      <translation>更正法律援助申请 %1</translation>
    </message>
    <message>
      <source>%1 (leave empty to keep it)</source>
      <translation>%1（留空则保留原号码）</translation>
    </message>
    <message>
      <source>Looking up the applicant...</source>
      <translation>正在查询申请人……</translation>
    </message>
    <message>
      <source>Choose the matter first; the suggested way to establish hardship then appears here.</source>
      <translation>请先选择申请事项，这里会给出经济困难认定方式的建议。</translation>
    </message>
    <message>
      <source>Suggestion: %1</source>
      <translation>建议：%1</translation>
    </message>
    <message>
      <source>You chose a different way than suggested; please make sure it is right.</source>
      <translation>您选择的认定方式与建议不同，请确认无误。</translation>
    </message>
    <message>
      <source>Choose the matter and the hardship route to see the checklist.</source>
      <translation>请先选择申请事项和经济困难认定方式，再核对材料清单。</translation>
    </message>
    <message>
      <source>Legal aid application</source>
      <translation>法律援助申请</translation>
    </message>
    <message>
      <source>Clear everything entered in this application?</source>
      <translation>清空本申请表中填写的全部内容吗？</translation>
    </message>
  </context>
  <context>
    <name>ReferralView</name>
    <message>
      <source>Back to list (Esc)</source>
      <extracomment>Go back to the list. The referral was loaded (tests and the page title): its id.</extracomment>
      <translation>返回列表（Esc）</translation>
    </message>
    <message>
      <source>Forward to the aid center...</source>
      <translation>转交法律援助中心……</translation>
    </message>
    <message>
      <source>Center received...</source>
      <translation>中心已接收……</translation>
    </message>
    <message>
      <source>Record the center's decision...</source>
      <translation>录入中心决定……</translation>
    </message>
    <message>
      <source>Applicant told...</source>
      <translation>告知申请人……</translation>
    </message>
    <message>
      <source>Close...</source>
      <translation>办结……</translation>
    </message>
    <message>
      <source>legal aid application</source>
      <translation>法律援助申请</translation>
    </message>
    <message>
      <source>Applicant</source>
      <translation>申请人</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>证件号码</translation>
    </message>
    <message>
      <source>Phone and address</source>
      <translation>电话和住址</translation>
    </message>
    <message>
      <source>Special groups</source>
      <translation>特定群体</translation>
    </message>
    <message>
      <source>Agent</source>
      <translation>代理人</translation>
    </message>
    <message>
      <source>Matter</source>
      <translation>申请事项</translation>
    </message>
    <message>
      <source>Matter applied for</source>
      <translation>申请事项</translation>
    </message>
    <message>
      <source>Cause, role and stage</source>
      <translation>案由、诉讼地位、阶段</translation>
    </message>
    <message>
      <source>Form of aid</source>
      <translation>申请援助形式</translation>
    </message>
    <message>
      <source>Opposing party</source>
      <translation>对方当事人</translation>
    </message>
    <message>
      <source>Summary of facts</source>
      <translation>案情摘要</translation>
    </message>
    <message>
      <source>Request and reasons</source>
      <translation>申请事项及理由</translation>
    </message>
    <message>
      <source>Applied / deadline</source>
      <translation>申请日期/期限</translation>
    </message>
    <message>
      <source>Forwarding and decision</source>
      <translation>转交与决定</translation>
    </message>
    <message>
      <source>Forwarded</source>
      <translation>转交</translation>
    </message>
    <message>
      <source>Center received</source>
      <translation>中心接收</translation>
    </message>
    <message>
      <source>Decision</source>
      <translation>中心决定</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>办结</translation>
    </message>
    <message>
      <source>History</source>
      <translation>办理经过</translation>
    </message>
    <message>
      <source>Ratings</source>
      <translation>群众评价</translation>
    </message>
    <message>
      <source>Economic hardship</source>
      <translation>经济困难状况</translation>
    </message>
    <message>
      <source>How hardship is established</source>
      <translation>经济困难认定方式</translation>
    </message>
    <message>
      <source>Household size</source>
      <translation>家庭人口</translation>
    </message>
    <message>
      <source>Monthly income (yuan)</source>
      <translation>月收入（元）</translation>
    </message>
    <message>
      <source>Property</source>
      <translation>财产状况</translation>
    </message>
    <message>
      <source>Materials received</source>
      <translation>申请材料清单</translation>
    </message>
    <message>
      <source>Could not open the application</source>
      <translation>无法打开该申请</translation>
    </message>
    <message>
      <source>None</source>
      <translation>无</translation>
    </message>
    <message>
      <source>Applied %1; deadline %2</source>
      <translation>申请日期 %1；期限届满日 %2</translation>
    </message>
    <message>
      <source>lawyer: %1</source>
      <translation>承办律师：%1</translation>
    </message>
    <message>
      <source>applicant told %1</source>
      <translation>已于%1告知申请人</translation>
    </message>
    <message>
      <source>applicant not yet told</source>
      <translation>尚未告知申请人</translation>
    </message>
    <message>
      <source>%1 persons</source>
      <translation>%1人</translation>
    </message>
    <message>
      <source>The application is voided; the list can no longer change.</source>
      <translation>该申请已作废，材料清单不能再修改。</translation>
    </message>
    <message>
      <source>The list can no longer change once the application is forwarded.</source>
      <translation>申请已转交，材料清单不能再修改。</translation>
    </message>
    <message>
      <source>Tick what the applicant handed in; the list is saved at once.</source>
      <translation>勾选申请人已提交的材料，勾选后立即保存。</translation>
    </message>
    <message>
      <source>Correction notes (the application was forwarded as it stands above):</source>
      <translation>更正说明（申请已按上方内容转交）：</translation>
    </message>
    <message>
      <source>Forward by %1 (%2)</source>
      <translation>应于 %1 前转交（%2）</translation>
    </message>
    <message>
      <source>Center decision expected by %1 (%2)</source>
      <translation>中心决定预计 %1 前作出（%2）</translation>
    </message>
    <message>
      <source>Suggestion: %1</source>
      <translation>建议：%1</translation>
    </message>
    <message>
      <source>The recorded way differs from the suggestion; please make sure it is right.</source>
      <translation>登记的认定方式与建议不同，请确认无误。</translation>
    </message>
    <message>
      <source>reason: %1</source>
      <translation>原因：%1</translation>
    </message>
    <message>
      <source>Saving...</source>
      <translation>正在保存……</translation>
    </message>
    <message>
      <source>Materials list saved.</source>
      <translation>材料清单已保存。</translation>
    </message>
    <message>
      <source>Could not save</source>
      <translation>保存失败</translation>
    </message>
    <message>
      <source>Materials incomplete</source>
      <translation>申请材料不齐全</translation>
    </message>
    <message>
      <source>Normally the applicant first hands in what is missing. Forward the incomplete application anyway?</source>
      <translation>通常应先让申请人补齐材料。确定仍然转交这份材料不齐全的申请吗？</translation>
    </message>
    <message>
      <source>Forward anyway</source>
      <translation>仍然转交</translation>
    </message>
    <message>
      <source>Do not forward</source>
      <translation>暂不转交</translation>
    </message>
  </context>
  <context>
    <name>ReferralsPage</name>
    <message>
      <source>Legal aid applications awaiting a decision</source>
      <translation>待决定的法律援助申请</translation>
    </message>
    <message>
      <source>Loading...</source>
      <translation>正在读取……</translation>
    </message>
    <message>
      <source>Station:</source>
      <translation>站点：</translation>
    </message>
    <message>
      <source>Record decision...</source>
      <translation>录入决定……</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Decided here, not yet confirmed by the station</source>
      <translation>已作决定、尚待站点确认</translation>
    </message>
    <message>
      <source>Every acknowledgement written for the station carries these decisions, until a bundle from the station shows it applied them.</source>
      <translation>为该站点写出的每份回执都会带上这些决定，直到站点报送的数据包表明已收到为止。</translation>
    </message>
    <message>
      <source>Could not read the applications.</source>
      <translation>无法读取法律援助申请。</translation>
    </message>
    <message>
      <source>Legal aid</source>
      <translation>法律援助</translation>
    </message>
    <message>
      <source>All stations</source>
      <translation>全部站点</translation>
    </message>
    <message>
      <source>%1 applications await a decision: %2 urgent, %3 past the seven working days.</source>
      <translation>共 %1 件申请待决定：紧急 %2 件，超过7个工作日 %3 件。</translation>
    </message>
    <message>
      <source>No application awaits a decision.</source>
      <translation>没有待决定的申请。</translation>
    </message>
    <message>
      <source>Decision on %1 recorded; the next acknowledgement for the station carries it.</source>
      <translation>已录入对 %1 的决定；下一份给该站点的回执会把它带回站点。</translation>
    </message>
  </context>
  <context>
    <name>RegisterStationDialog</name>
    <message>
      <source>Register a station</source>
      <extracomment>(division code, key fingerprint) once registered.</extracomment>
      <translation>登记站点</translation>
    </message>
    <message>
      <source>The station saves its public key on its Sync page (Save station public key to file...). Compare the key number with the station by phone when in doubt.</source>
      <translation>站点在其“同步”页保存本站公钥（“保存本站公钥到文件……”）。如有疑问，请电话与站点核对公钥编号。</translation>
    </message>
    <message>
      <source>12 digits, e.g. 130302100000</source>
      <translation>12位数字，如 130302100000</translation>
    </message>
    <message>
      <source>Division code</source>
      <translation>区划代码</translation>
    </message>
    <message>
      <source>Optional: the name comes with its first bundle</source>
      <translation>可不填：站点名称随第一个数据包带来</translation>
    </message>
    <message>
      <source>Station name</source>
      <translation>站点名称</translation>
    </message>
    <message>
      <source>Paste the station's public key here: the whole text of its key file</source>
      <translation>在此粘贴站点公钥：公钥文件的全部内容</translation>
    </message>
    <message>
      <source>Read from file...</source>
      <translation>从文件读取……</translation>
    </message>
    <message>
      <source>Public key</source>
      <translation>公钥</translation>
    </message>
    <message>
      <source>Register</source>
      <translation>登记</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Key number %1</source>
      <translation>公钥编号 %1</translation>
    </message>
    <message>
      <source>Choose the station's public key file</source>
      <translation>选择站点公钥文件</translation>
    </message>
    <message>
      <source>Key files (*.pem *.txt *.key);;All files (*)</source>
      <translation>公钥文件 (*.pem *.txt *.key);;所有文件 (*)</translation>
    </message>
  </context>
  <context>
    <name>ResponsibilityPanel</name>
    <message>
      <source>Hand over……</source>
      <extracomment>Emitted after a hand-over changed something (the page reloads its record).</extracomment>
      <translation>移交……</translation>
    </message>
    <message>
      <source>Record confirmation……</source>
      <translation>登记对方确认……</translation>
    </message>
    <message>
      <source>Record answer……</source>
      <translation>登记答复……</translation>
    </message>
    <message>
      <source>Linked records:</source>
      <translation>关联记录：</translation>
    </message>
    <message>
      <source>First receiver: %1</source>
      <translation>首问责任人：%1</translation>
    </message>
    <message>
      <source>Current handler: %1</source>
      <translation>当前承办人：%1</translation>
    </message>
    <message>
      <source>Hand-over to %1 waiting for acceptance</source>
      <translation>移交给%1，待对方接收</translation>
    </message>
    <message>
      <source>Answered on %1: %2</source>
      <translation>%1 已答复：%2</translation>
    </message>
  </context>
  <context>
    <name>RestoreConfirmDialog</name>
    <message>
      <source>Restore backup</source>
      <translation>恢复备份</translation>
    </message>
    <message>
      <source>Replace all data of this station with this backup?</source>
      <translation>用此备份替换本站的全部数据？</translation>
    </message>
    <message>
      <source>Backup file</source>
      <translation>备份文件</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>站点</translation>
    </message>
    <message>
      <source>Made at</source>
      <translation>备份时间</translation>
    </message>
    <message>
      <source>Persons</source>
      <translation>当事人</translation>
    </message>
    <message>
      <source>Consultations</source>
      <translation>法律咨询</translation>
    </message>
    <message>
      <source>Mediation cases</source>
      <translation>人民调解</translation>
    </message>
    <message>
      <source>Legal aid applications</source>
      <translation>法律援助申请</translation>
    </message>
    <message>
      <source>Operators</source>
      <translation>操作员</translation>
    </message>
    <message>
      <source>This backup belongs to another station (%1), not to %2.</source>
      <translation>此备份属于另一个站点（%1），不是%2。</translation>
    </message>
    <message>
      <source>Records entered after this backup was made will no longer be shown. The current database is kept as a copy beside it.</source>
      <translation>做此备份之后录入的记录将不再显示。当前数据库会在原文件夹中保留一份副本。</translation>
    </message>
    <message>
      <source>After restoring, everyone logs in again.</source>
      <translation>恢复后需要重新登录。</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>RestoreSecretDialog</name>
    <message>
      <source>Open the backup</source>
      <translation>打开备份</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Password at that time</source>
      <translation>当时的密码</translation>
    </message>
    <message>
      <source>or the recovery code</source>
      <translation>或恢复码</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>ResultTableModel</name>
    <message>
      <source>File</source>
      <extracomment>QSettings: where bundles were last taken from; where acknowledgements go ('' = beside the bundles).</extracomment>
      <translation>文件</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>站点</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>序号</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>New</source>
      <translation>新增</translation>
    </message>
    <message>
      <source>Updated</source>
      <translation>更新</translation>
    </message>
    <message>
      <source>Unchanged</source>
      <translation>未变</translation>
    </message>
    <message>
      <source>Conflicts</source>
      <translation>冲突</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>说明</translation>
    </message>
    <message>
      <source>Imported</source>
      <translation>已导入</translation>
    </message>
    <message>
      <source>Duplicate, skipped</source>
      <translation>重复，已跳过</translation>
    </message>
    <message>
      <source>Covered by a later bundle, skipped</source>
      <translation>已由后续数据包带来，已跳过</translation>
    </message>
    <message>
      <source>Refused</source>
      <translation>被拒绝</translation>
    </message>
    <message>
      <source>Acknowledgement: %1</source>
      <translation>回执：%1</translation>
    </message>
  </context>
  <context>
    <name>ReturnedSlipDialog</name>
    <message>
      <source>Enter a returned rating slip</source>
      <translation>登记回收的评价单</translation>
    </message>
    <message>
      <source>The number printed on the slip</source>
      <translation>评价单上印的编号</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Rating</source>
      <translation>评价</translation>
    </message>
    <message>
      <source>Reasons ticked</source>
      <translation>勾选的原因</translation>
    </message>
    <message>
      <source>Comment</source>
      <translation>意见和建议</translation>
    </message>
    <message>
      <source>Date on the slip</source>
      <translation>评价日期</translation>
    </message>
    <message>
      <source>Enter exactly what the citizen ticked: it is recorded as the citizen's own rating.</source>
      <translation>请按群众在评价单上的勾选如实登记，记为群众自评。</translation>
    </message>
    <message>
      <source>Enter the date.</source>
      <translation>请填写评价日期。</translation>
    </message>
    <message>
      <source>The date cannot be later than today.</source>
      <translation>评价日期不能晚于今天。</translation>
    </message>
  </context>
  <context>
    <name>ReviewTableModel</name>
    <message>
      <source>Number</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Matter</source>
      <translation>援助事项</translation>
    </message>
    <message>
      <source>Rated</source>
      <translation>评价日期（来源）</translation>
    </message>
    <message>
      <source>Reasons</source>
      <translation>原因和意见</translation>
    </message>
    <message>
      <source>Due date</source>
      <translation>核查期限</translation>
    </message>
  </context>
  <context>
    <name>ReviewsDialog</name>
    <message>
      <source>Dissatisfied ratings to review</source>
      <translation>不满意评价核查</translation>
    </message>
    <message>
      <source>No dissatisfied rating waits for review.</source>
      <translation>没有待核查的不满意评价。</translation>
    </message>
    <message>
      <source>e.g. by phone, in person</source>
      <translation>如：电话、当面</translation>
    </message>
    <message>
      <source>Why dissatisfied</source>
      <translation>不满意的原因</translation>
    </message>
    <message>
      <source>Action taken</source>
      <translation>采取的措施</translation>
    </message>
    <message>
      <source>Citizen contacted on</source>
      <translation>联系群众日期</translation>
    </message>
    <message>
      <source>How contacted</source>
      <translation>联系方式</translation>
    </message>
    <message>
      <source>Close the review</source>
      <translation>核查完毕</translation>
    </message>
  </context>
  <context>
    <name>RightsNoticeDialog</name>
    <message>
      <source>Rights and duties notified</source>
      <translation>登记权利义务告知</translation>
    </message>
    <message>
      <source>Print the notice of rights and duties from the print menu, give it to the parties (or read it to them) and record it here; the intake register then shows it as given.</source>
      <translation>请从“打印”菜单打印权利义务告知书，交给当事人（或向当事人宣读）后在此登记；受理登记表随后显示“已告知”。</translation>
    </message>
    <message>
      <source>Given on</source>
      <translation>告知日期</translation>
    </message>
    <message>
      <source>How</source>
      <translation>方式</translation>
    </message>
    <message>
      <source>Given to</source>
      <translation>被告知人</translation>
    </message>
  </context>
  <context>
    <name>ScreeningForm</name>
    <message>
      <source>e.g. East village, groups 1-3</source>
      <extracomment>A watched dispute was marked reviewed (the page reloads the screening).</extracomment>
      <translation>如：东村一至三组</translation>
    </message>
    <message>
      <source>e.g. mediator Wang, village director Li</source>
      <translation>如：调解员王某、村委会主任李某</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>排查日期</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>排查类型</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>排查地点</translation>
    </message>
    <message>
      <source>Taking part</source>
      <translation>参加人员</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>排查情况</translation>
    </message>
    <message>
      <source>Disputes found</source>
      <translation>排查发现的纠纷</translation>
    </message>
    <message>
      <source>Add dispute</source>
      <translation>添加纠纷</translation>
    </message>
    <message>
      <source>Remove dispute</source>
      <translation>删除纠纷</translation>
    </message>
    <message>
      <source>Reviewed today</source>
      <translation>今日已复查</translation>
    </message>
    <message>
      <source>The watched dispute was looked at again today: its reminder starts over</source>
      <translation>持续关注的纠纷今天已再次了解，复查提醒重新计时</translation>
    </message>
    <message>
      <source>e.g. Zhang San and Li Si</source>
      <translation>如：张三与李四</translation>
    </message>
    <message>
      <source>e.g. Haigang police station</source>
      <translation>如：海港派出所</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source> people</source>
      <translation> 人</translation>
    </message>
    <message>
      <source>Risk</source>
      <translation>风险等级</translation>
    </message>
    <message>
      <source>Parties</source>
      <translation>当事人</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>纠纷类型</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>处置情况</translation>
    </message>
    <message>
      <source>Case</source>
      <translation>调解案件</translation>
    </message>
    <message>
      <source>Referred to</source>
      <translation>移交单位</translation>
    </message>
    <message>
      <source>Prevented</source>
      <translation>防止激化</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>简要情况</translation>
    </message>
    <message>
      <source>Save (Ctrl+S)</source>
      <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
      <source>New screening</source>
      <translation>新建排查</translation>
    </message>
    <message>
      <source>(choose the case)</source>
      <translation>（请选择调解案件）</translation>
    </message>
    <message>
      <source>Could not save</source>
      <translation>保存失败</translation>
    </message>
    <message>
      <source>New dispute screening</source>
      <translation>登记矛盾纠纷排查</translation>
    </message>
    <message>
      <source>Dispute screening %1</source>
      <translation>矛盾纠纷排查 %1</translation>
    </message>
  </context>
  <context>
    <name>ScreeningPage</name>
    <message>
      <source>New screening</source>
      <translation>登记排查</translation>
    </message>
    <message>
      <source>All kinds of screening</source>
      <translation>全部排查类型</translation>
    </message>
    <message>
      <source>Could not open</source>
      <translation>无法打开</translation>
    </message>
    <message>
      <source>Unsaved changes</source>
      <translation>尚未保存</translation>
    </message>
    <message>
      <source>Discard what was entered for this screening?</source>
      <translation>放弃本次排查已填写的内容吗？</translation>
    </message>
    <message>
      <source>Dispute screening saved.</source>
      <translation>矛盾纠纷排查已保存。</translation>
    </message>
    <message>
      <source>Marked reviewed today.</source>
      <translation>已记录今日复查。</translation>
    </message>
  </context>
  <context>
    <name>SearchPage</name>
    <message>
      <source>Search</source>
      <extracomment>Kinds in display order, with the enum that labels their status codes.</extracomment>
      <translation>搜索</translation>
    </message>
    <message>
      <source>Type in the search box at the top and press Enter.</source>
      <translation>请在顶部搜索框中输入内容，然后按回车键。</translation>
    </message>
    <message>
      <source>Number / name</source>
      <translation>编号/姓名</translation>
    </message>
    <message>
      <source>Names</source>
      <translation>当事人</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>Double-click or press Enter to open</source>
      <translation>双击或按回车键打开</translation>
    </message>
    <message>
      <source>Tip: search by name (张三), pinyin initials (zs), the last 4 digits of an ID or phone number, a case number, or words from the facts. Several words narrow the search.</source>
      <translation>提示：可按姓名（张三）、拼音首字母（zs）、证件号或电话号码后4位、案号，或案情中的词语搜索；输入多个词可缩小范围。</translation>
    </message>
    <message>
      <source>Persons</source>
      <translation>当事人</translation>
    </message>
    <message>
      <source>Legal consultations</source>
      <translation>法律咨询</translation>
    </message>
    <message>
      <source>People's mediation</source>
      <translation>人民调解</translation>
    </message>
    <message>
      <source>Legal aid</source>
      <translation>法律援助</translation>
    </message>
    <message>
      <source>Search: %1</source>
      <translation>搜索：%1</translation>
    </message>
    <message>
      <source>Searching...</source>
      <translation>正在搜索……</translation>
    </message>
    <message>
      <source>Search failed: %1</source>
      <translation>搜索失败：%1</translation>
    </message>
    <message>
      <source>Nothing found for “%1”. Check the spelling, or try pinyin initials or fewer words.</source>
      <translation>没有找到与“%1”相关的记录。请检查输入，或改用拼音首字母、减少词语再试。</translation>
    </message>
    <message>
      <source>%1 results</source>
      <translation>共找到 %1 条</translation>
    </message>
    <message>
      <source> (voided)</source>
      <translation>（已作废）</translation>
    </message>
  </context>
  <context>
    <name>SearchableCombo</name>
    <message>
      <source>Type to search, e.g. pinyin initials</source>
      <translation>输入文字或拼音首字母查找</translation>
    </message>
  </context>
  <context>
    <name>SessionDialog</name>
    <message>
      <source>Record a mediation session</source>
      <translation>记录调解</translation>
    </message>
    <message>
      <source>e.g. mediation room of the station</source>
      <translation>例如：本站人民调解室</translation>
    </message>
    <message>
      <source>What each party said, the mediator's work and the outcome of this session</source>
      <translation>各方陈述、调解员所做工作及本次调解结果</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>调解时间</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>调解地点</translation>
    </message>
    <message>
      <source>Attendees</source>
      <translation>参加人员</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>调解记录</translation>
    </message>
    <message>
      <source>Recorded by</source>
      <translation>记录人</translation>
    </message>
  </context>
  <context>
    <name>SessionLock</name>
    <message>
      <source>%1 more attempts, then you are logged out</source>
      <extracomment>True when the session locked, False when it was unlocked. 切换用户, or too many wrong passwords: the session should end (drafts saved).</extracomment>
      <translation>还可再试%1次，之后将退出登录</translation>
    </message>
  </context>
  <context>
    <name>SettingsPage</name>
    <message>
      <source>Text size</source>
      <translation>字号</translation>
    </message>
    <message>
      <source>Normal</source>
      <translation>标准</translation>
    </message>
    <message>
      <source>Large</source>
      <translation>大</translation>
    </message>
    <message>
      <source>Extra large</source>
      <translation>特大</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>站点信息</translation>
    </message>
    <message>
      <source>Station name</source>
      <translation>站点名称</translation>
    </message>
    <message>
      <source>Operator</source>
      <translation>操作员</translation>
    </message>
    <message>
      <source>Change my password...</source>
      <translation>修改我的密码……</translation>
    </message>
    <message>
      <source>Consultations answered within</source>
      <translation>咨询答复时限</translation>
    </message>
    <message>
      <source>Backups are on the Backups page: a backup is made every day and when the program closes, and you can back up to a USB stick or restore a backup there.</source>
      <translation>备份在“备份”页：每天和退出程序时都会自动备份，也可以在那里备份到U盘或从备份恢复。</translation>
    </message>
    <message>
      <source>Printers</source>
      <translation>打印机</translation>
    </message>
    <message>
      <source>A4 printer</source>
      <translation>A4打印机</translation>
    </message>
    <message>
      <source>Receipt printer (80 mm)</source>
      <translation>收据打印机（80毫米）</translation>
    </message>
    <message>
      <source>System default</source>
      <translation>系统默认</translation>
    </message>
    <message>
      <source>Save as PDF</source>
      <translation>另存为PDF</translation>
    </message>
    <message>
      <source>%1 (not connected)</source>
      <translation>%1（未连接）</translation>
    </message>
    <message>
      <source>Receipts print straight to the receipt printer on 80 mm paper; forms open the print dialog with the A4 printer chosen.</source>
      <translation>回执直接在收据打印机上用80毫米纸打印；文书打印时会打开打印对话框，并预先选好A4打印机。</translation>
    </message>
    <message>
      <source>People's mediation committees</source>
      <translation>人民调解委员会</translation>
    </message>
    <message>
      <source>Manage committees...</source>
      <translation>管理调解委员会……</translation>
    </message>
    <message>
      <source>No committee yet.</source>
      <translation>还没有调解委员会。</translation>
    </message>
    <message>
      <source>Change my password</source>
      <translation>修改我的密码</translation>
    </message>
    <message>
      <source>Your password was changed.</source>
      <translation>密码已修改。</translation>
    </message>
    <message>
      <source>Automatic lock</source>
      <translation>自动锁定</translation>
    </message>
    <message>
      <source>Lock after</source>
      <translation>无操作</translation>
    </message>
    <message>
      <source> minutes without use</source>
      <translation> 分钟后自动锁定</translation>
    </message>
    <message>
      <source>Apply</source>
      <translation>应用</translation>
    </message>
    <message>
      <source>Personal data is hidden until the same operator's password is entered; open forms are kept.</source>
      <translation>锁定后个人信息被遮盖，须输入同一操作员的密码才能解锁，已打开的表单保持不变。</translation>
    </message>
    <message>
      <source>Only the station admin can change this.</source>
      <translation>只有站点管理员可以修改此设置。</translation>
    </message>
    <message>
      <source>Saved: the workstation locks after %1 minutes without use.</source>
      <translation>已保存：无操作%1分钟后自动锁定。</translation>
    </message>
    <message>
      <source>Urgent legal aid applications</source>
      <translation>紧急法律援助申请</translation>
    </message>
    <message>
      <source>Forward on</source>
      <translation>转交时限</translation>
    </message>
    <message>
      <source>the same day</source>
      <translation>当日转交</translation>
    </message>
    <message>
      <source>the next working day</source>
      <translation>次一工作日转交</translation>
    </message>
    <message>
      <source>Printed on the receipt of an urgent application.</source>
      <translation>紧急申请的材料接收凭证上会印明此时限（法律援助法第四十四条）。</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
  </context>
  <context>
    <name>SettleDialog</name>
    <message>
      <source>Record the answer</source>
      <translation>登记答复</translation>
    </message>
    <message>
      <source>How and when the citizen was answered.</source>
      <translation>登记如何、何时答复了咨询人。</translation>
    </message>
    <message>
      <source>* Answer given</source>
      <translation>* 答复情况</translation>
    </message>
    <message>
      <source>* Answered on</source>
      <translation>* 答复日期</translation>
    </message>
  </context>
  <context>
    <name>SetupWizard</name>
    <message>
      <source>Set up this station</source>
      <extracomment>What ``create`` returned (the open station).</extracomment>
      <translation>初始化本站</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>站点信息</translation>
    </message>
    <message>
      <source>This computer has no station yet. Enter the station's details as they appear on its nameplate and in the county's list.</source>
      <translation>这台电脑还没有设置站点。请按站牌和县级中心登记的信息填写本站资料。</translation>
    </message>
    <message>
      <source>Station name</source>
      <translation>站点名称</translation>
    </message>
    <message>
      <source>e.g. Haigang Town Public Legal Service Station</source>
      <translation>例如：海港镇公共法律服务工作站</translation>
    </message>
    <message>
      <source>Division code (12 digits)</source>
      <translation>区划代码（12位）</translation>
    </message>
    <message>
      <source>County center</source>
      <translation>县级公共法律服务中心</translation>
    </message>
    <message>
      <source>Case number prefix</source>
      <translation>案号前缀</translation>
    </message>
    <message>
      <source>Station phone</source>
      <translation>站点电话</translation>
    </message>
    <message>
      <source>Administrator</source>
      <translation>管理员账号</translation>
    </message>
    <message>
      <source>Create the first account. The administrator manages operators and settings. Keep the password safe.</source>
      <translation>请创建第一个账号。管理员负责管理操作员和设置，请妥善保管密码。</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Repeat password</source>
      <translation>再次输入密码</translation>
    </message>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
      <source>Setup failed</source>
      <translation>初始化失败</translation>
    </message>
  </context>
  <context>
    <name>Startup</name>
    <message>
      <source>This database is not encrypted yet. It is encrypted when you log in, which can take a moment; then every operator logs in as before.</source>
      <extracomment>The application should end with this exit code (``run_app`` connects it to ``QApplication.exit``; tests watch it instead of quitting their application). The open database once someone logged in (or created the station). The recovery code dialog shown after logging in, while it is open. A demo's folder (its sandbox: database, data and backups), deleted at the end. The "unsaved forms found" prompt while it is open (non-modal for the event loop). Its buttons by role: "restore", "discard", "later". Automatic backups of the session (none for a demo station).</extracomment>
      <translation>本数据库尚未加密，将在本次登录时加密保存（可能需要一点时间），之后各操作员照常用原密码登录。</translation>
    </message>
    <message>
      <source>Cannot open the database</source>
      <translation>无法打开数据库</translation>
    </message>
    <message>
      <source>Creating the demo station...</source>
      <translation>正在生成演示站点……</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Demo</source>
      <translation>演示</translation>
    </message>
    <message>
      <source>Demo station: log in as %1 with password %2. Everything is deleted when you quit.</source>
      <translation>演示站点：用户名 %1，密码 %2。退出程序后演示数据将全部删除。</translation>
    </message>
    <message>
      <source>Public Legal Service Workstation</source>
      <translation>公共法律服务工作站</translation>
    </message>
  </context>
  <context>
    <name>StationTableModel</name>
    <message>
      <source>Division code</source>
      <extracomment>QSettings: days without a bundle after which a station is highlighted; key file folder. Open conflicts listed under the selected station's details.</extracomment>
      <translation>区划代码</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>站点名称</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Last bundle received</source>
      <translation>最近收到</translation>
    </message>
    <message>
      <source>Bundles</source>
      <translation>已收数据包</translation>
    </message>
    <message>
      <source>Gaps in the chain</source>
      <translation>缺号</translation>
    </message>
    <message>
      <source>Changes this month</source>
      <translation>本月收到的更改</translation>
    </message>
    <message>
      <source>Aid awaiting decision</source>
      <translation>待决定援助</translation>
    </message>
    <message>
      <source>Open conflicts</source>
      <translation>待处理冲突</translation>
    </message>
    <message>
      <source>Program version</source>
      <translation>程序版本</translation>
    </message>
    <message>
      <source>Audit trail</source>
      <translation>操作日志</translation>
    </message>
    <message>
      <source>Older than the newest version %1 the county distributes</source>
      <translation>低于县级中心分发的最新版本 %1，请通知站点升级</translation>
    </message>
    <message>
      <source>No. %1 missing</source>
      <translation>缺第 %1 号</translation>
    </message>
    <message>
      <source>No. %1 refused</source>
      <translation>第 %1 号被拒绝</translation>
    </message>
    <message>
      <source>No. %1 never arrived (changes came later)</source>
      <translation>未收到第 %1 号（其更改已由后续数据包带来）</translation>
    </message>
    <message>
      <source>; </source>
      <translation>；</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <source>Revoked</source>
      <translation>已撤销</translation>
    </message>
    <message>
      <source>Nothing received for %1 days</source>
      <translation>%1 天未报送</translation>
    </message>
    <message>
      <source>Nothing received yet</source>
      <translation>尚未报送</translation>
    </message>
    <message>
      <source>Quiet for %1 days</source>
      <translation>%1 天未报送</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>正常</translation>
    </message>
    <message>
      <source>(name comes with the first bundle)</source>
      <translation>（名称随第一个数据包带来）</translation>
    </message>
    <message>
      <source>%1 (chain %3, up to No. %2)</source>
      <translation>%1 个（第 %3 轮，至第 %2 号）</translation>
    </message>
    <message>
      <source>%1 (up to No. %2)</source>
      <translation>%1 个（至第 %2 号）</translation>
    </message>
    <message>
      <source>Intact (%1 entries)</source>
      <translation>完整（%1 条）</translation>
    </message>
  </context>
  <context>
    <name>StationsPage</name>
    <message>
      <source>Stations</source>
      <translation>站点</translation>
    </message>
    <message>
      <source>Loading...</source>
      <translation>正在读取……</translation>
    </message>
    <message>
      <source>Register a station...</source>
      <translation>登记站点……</translation>
    </message>
    <message>
      <source>Revoke registration</source>
      <translation>撤销登记</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Highlight stations with no bundle for</source>
      <translation>标出未报送天数达到</translation>
    </message>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>Selected station</source>
      <translation>所选站点</translation>
    </message>
    <message>
      <source>Select a station to see its bundles.</source>
      <translation>选择一个站点以查看其数据包。</translation>
    </message>
    <message>
      <source>County center's public key</source>
      <translation>县级中心公钥</translation>
    </message>
    <message>
      <source>Every station imports this key file on its Sync page before it can export bundles.</source>
      <translation>各站点须先在“同步”页导入此公钥文件，才能导出数据包。</translation>
    </message>
    <message>
      <source>Copy public key</source>
      <translation>复制公钥</translation>
    </message>
    <message>
      <source>Save public key file...</source>
      <translation>保存公钥文件……</translation>
    </message>
    <message>
      <source>Could not read the stations.</source>
      <translation>无法读取站点。</translation>
    </message>
    <message>
      <source>Key number %1</source>
      <translation>公钥编号 %1</translation>
    </message>
    <message>
      <source>No station is registered yet. Register each station with the public key file from its Sync page.</source>
      <translation>还没有登记站点。请用各站点“同步”页保存的公钥文件逐一登记。</translation>
    </message>
    <message>
      <source>%1 stations registered (%2 revoked). No bundle for %3 days or more: %4. Missing or refused bundles: %5.</source>
      <translation>已登记 %1 个站点（已撤销 %2 个）；%3 天以上未报送 %4 个；缺数据包或数据包被拒绝 %5 个。</translation>
    </message>
    <message>
      <source>county version %1, station version %2</source>
      <translation>县级中心版本 %1，站点版本 %2</translation>
    </message>
    <message>
      <source>... and %1 more</source>
      <translation>……另有 %1 条</translation>
    </message>
    <message>
      <source>%1 %2, registered %3, key number %4.</source>
      <translation>%1 %2，%3 登记，公钥编号 %4。</translation>
    </message>
    <message>
      <source>Bundle No. %1 has not arrived and its changes are missing: ask the station to bring it, or to export again.</source>
      <translation>第 %1 号数据包未收到，其中的更改县里还没有：请站点送来该数据包，或重新导出。</translation>
    </message>
    <message>
      <source>Bundle No. %1 was refused (%2): %3</source>
      <translation>第 %1 号数据包被拒绝（%2）：%3</translation>
    </message>
    <message>
      <source>Bundle No. %1 never arrived, but a later bundle brought its changes: nothing is missing.</source>
      <translation>第 %1 号数据包未收到，但其更改已由后续数据包带来，没有缺失。</translation>
    </message>
    <message>
      <source>Audit trail: entries %1 (found %2). Someone may have deleted or changed the station's audit entries: check with the station.</source>
      <translation>操作日志：%1（%2 发现）。站点的操作日志可能被人删除或改动，请与站点核实。</translation>
    </message>
    <message>
      <source>%1 record(s) of its bundles differ from what the county holds: every acknowledgement lists them until the station settles them.</source>
      <translation>该站数据包中有 %1 条记录与县级中心保存的不同：每份确认文件都会列出，直到站点处理。</translation>
    </message>
    <message>
      <source>The registration is revoked: its bundles are refused.</source>
      <translation>登记已撤销：该站点的数据包将被拒绝。</translation>
    </message>
    <message>
      <source>its data went back to an older state</source>
      <translation>站点数据曾回退到较早的状态</translation>
    </message>
    <message>
      <source>its data was restored from a backup</source>
      <translation>站点数据曾从备份恢复</translation>
    </message>
    <message>
      <source>Chain No. %1 began here on %2 (%3): the station sent all its records again and they were merged record by record; nothing held here was lost. Bundles of the older chain are refused; bundle numbers count from No. %4 again.</source>
      <translation>%2 起该站点进入第 %1 轮同步（%3）：站点重新发送了全部记录，已逐条合并，本中心已有的记录没有丢失。上一轮的数据包不再导入；数据包编号从第 %4 号重新计算。</translation>
    </message>
    <message>
      <source>Station %1 registered (key number %2).</source>
      <translation>已登记站点 %1（公钥编号 %2）。</translation>
    </message>
    <message>
      <source>Revoke the registration of %1 %2?
Its bundles will be refused from now on; what was imported stays.</source>
      <translation>撤销 %1 %2 的登记吗？
此后该站点的数据包将被拒绝；已导入的数据保留。</translation>
    </message>
    <message>
      <source>Could not revoke</source>
      <translation>无法撤销</translation>
    </message>
    <message>
      <source>Registration of %1 revoked.</source>
      <translation>已撤销 %1 的登记。</translation>
    </message>
    <message>
      <source>The county's public key was copied.</source>
      <translation>县级中心公钥已复制。</translation>
    </message>
    <message>
      <source>county-public-key.pem</source>
      <translation>县级中心公钥.pem</translation>
    </message>
    <message>
      <source>Save the county's public key</source>
      <translation>保存县级中心公钥</translation>
    </message>
    <message>
      <source>Key files (*.pem);;All files (*)</source>
      <translation>公钥文件 (*.pem);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Could not save the key</source>
      <translation>无法保存公钥</translation>
    </message>
    <message>
      <source>Saved to %1.
Give this file to the stations: they import it on their Sync page.</source>
      <translation>已保存到 %1。
请把此文件交给各站点，在站点的“同步”页导入。</translation>
    </message>
  </context>
  <context>
    <name>StatisticsView</name>
    <message>
      <source>Consultations by topic</source>
      <extracomment>Wait this long after the last change of the period before counting (arrow-key repeats).</extracomment>
      <translation>法律咨询：按咨询类别</translation>
    </message>
    <message>
      <source>Consultations by channel</source>
      <translation>法律咨询：按咨询方式</translation>
    </message>
    <message>
      <source>Satisfaction by source</source>
      <translation>群众满意度（按评价来源）</translation>
    </message>
    <message>
      <source>Mediation cases accepted by dispute type</source>
      <translation>调解案件受理：按纠纷类型</translation>
    </message>
    <message>
      <source>Cases accepted by source</source>
      <translation>调解案件受理：按案件来源</translation>
    </message>
    <message>
      <source>Cases concluded by outcome</source>
      <translation>调解案件调结：按调解结果</translation>
    </message>
    <message>
      <source>Success rate by month (%)</source>
      <translation>各月调解成功率（%）</translation>
    </message>
    <message>
      <source>Amounts in agreements by month (10,000 yuan)</source>
      <translation>各月调解协议涉及金额（万元）</translation>
    </message>
    <message>
      <source>Amounts in agreements by dispute type (10,000 yuan)</source>
      <translation>调解协议涉及金额：按纠纷类型（万元）</translation>
    </message>
    <message>
      <source>Legal aid applications by matter</source>
      <translation>法律援助申请：按申请事项</translation>
    </message>
    <message>
      <source>Decisions of the legal aid center</source>
      <translation>法律援助中心决定情况</translation>
    </message>
    <message>
      <source>Time limits kept (%)</source>
      <translation>限时办结：按期率（%）</translation>
    </message>
    <message>
      <source>Legal publicity activities by form</source>
      <translation>法治宣传活动：按宣传形式</translation>
    </message>
    <message>
      <source>Audience of legal publicity by place</source>
      <translation>法治宣传受众人次：按活动场所</translation>
    </message>
    <message>
      <source>Statistics</source>
      <extracomment>Named on exported files as who made them (the county operator logged in).</extracomment>
      <translation>统计</translation>
    </message>
    <message>
      <source>Period:</source>
      <extracomment>The period and the host's own choices (``add_choice``): a row of their own that wraps on a narrow screen.</extracomment>
      <translation>统计时段：</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Export report (PDF / Excel)...</source>
      <translation>导出报表……</translation>
    </message>
    <message>
      <source>Save the report of the shown period as a PDF file or a spreadsheet</source>
      <translation>把当前时段的报表保存为 PDF 文件或电子表格</translation>
    </message>
    <message>
      <source>Counting...</source>
      <translation>正在统计……</translation>
    </message>
    <message>
      <source>Consultations</source>
      <translation>法律咨询（件）</translation>
    </message>
    <message>
      <source>Mediation cases accepted</source>
      <translation>调解受理（件）</translation>
    </message>
    <message>
      <source>Mediation success rate</source>
      <translation>调解成功率</translation>
    </message>
    <message>
      <source>Amount in agreements (10,000 yuan)</source>
      <translation>协议金额（万元）</translation>
    </message>
    <message>
      <source>Legal aid applications</source>
      <translation>援助申请（件）</translation>
    </message>
    <message>
      <source>Mediations concluded in time</source>
      <translation>按期调结率</translation>
    </message>
    <message>
      <source>Publicity activities (times)</source>
      <translation>法治宣传（次）</translation>
    </message>
    <message>
      <source>Charts</source>
      <translation>图表</translation>
    </message>
    <message>
      <source>Tables</source>
      <extracomment>Each table's note (口径 of a row, or why an official row is "—").</extracomment>
      <translation>报表</translation>
    </message>
    <message>
      <source>Workload by operator</source>
      <translation>人员工作量</translation>
    </message>
    <message>
      <source>Click a bar, or double-click a number in the tables, to see the records behind it.</source>
      <translation>点击图表中的柱形，或双击报表中的数字，可查看对应的记录。</translation>
    </message>
    <message>
      <source>Counting %1...</source>
      <translation>正在统计%1……</translation>
    </message>
    <message>
      <source>Could not count: %1</source>
      <translation>统计失败：%1</translation>
    </message>
    <message>
      <source>%1 · %2 · counted on %3</source>
      <translation>%1 · %2 · 统计日期 %3</translation>
    </message>
    <message>
      <source>%1: %2 · %3 (%4)</source>
      <translation>%1：%2 · %3（%4）</translation>
    </message>
    <message>
      <source>PDF report (*.pdf)</source>
      <translation>PDF 报表 (*.pdf)</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <source>Export the statistics report</source>
      <translation>导出统计报表</translation>
    </message>
    <message>
      <source>Writing the report...</source>
      <translation>正在生成报表……</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出报表</translation>
    </message>
    <message>
      <source>Report written: %1</source>
      <translation>报表已保存：%1</translation>
    </message>
    <message>
      <source>Report written:
%1</source>
      <translation>报表已保存：
%1</translation>
    </message>
    <message>
      <source>Export cancelled; nothing was written.</source>
      <translation>已取消导出，未写入任何文件。</translation>
    </message>
    <message>
      <source>Could not export the report</source>
      <translation>无法导出报表</translation>
    </message>
  </context>
  <context>
    <name>StatusDialog</name>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
  </context>
  <context>
    <name>StepDialog</name>
    <message>
      <source>Save</source>
      <extracomment>The step was saved; the case view reloads.</extracomment>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Could not save</source>
      <translation>保存失败</translation>
    </message>
  </context>
  <context>
    <name>SupervisionDialog</name>
    <message>
      <source>Supervise performance</source>
      <translation>督促履行</translation>
    </message>
    <message>
      <source>Performance so far: %1</source>
      <translation>目前履行情况：%1</translation>
    </message>
    <message>
      <source>Whom you urged and what they said</source>
      <translation>督促了谁、对方怎么说</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>督促日期</translation>
    </message>
    <message>
      <source>How</source>
      <translation>方式</translation>
    </message>
    <message>
      <source>What was done</source>
      <translation>督促情况</translation>
    </message>
    <message>
      <source>Performance afterwards</source>
      <translation>督促后履行情况</translation>
    </message>
  </context>
  <context>
    <name>SyncPage</name>
    <message>
      <source>Send records to the county center</source>
      <translation>向县级中心同步数据</translation>
    </message>
    <message>
      <source>Loading...</source>
      <translation>正在读取……</translation>
    </message>
    <message>
      <source>Export bundle to USB stick...</source>
      <translation>导出数据包到U盘……</translation>
    </message>
    <message>
      <source>Import acknowledgement...</source>
      <translation>导入回执……</translation>
    </message>
    <message>
      <source>Please import the county center's public key first (button below).</source>
      <translation>请先导入县级中心公钥（点下方的“导入县级中心公钥……”），然后才能导出数据包。</translation>
    </message>
    <message>
      <source>Export writes every change the county has not confirmed yet. Take the USB stick to the county public legal service center; bring back its acknowledgement file and import it here.</source>
      <translation>导出时会写入县级中心还没有确认的全部更改。请把U盘交给县公共法律服务中心，带回县级中心的回执文件后在这里导入。</translation>
    </message>
    <message>
      <source>Bundles exported</source>
      <translation>已导出的数据包</translation>
    </message>
    <message>
      <source>No bundle has been exported yet.</source>
      <translation>还没有导出过数据包。</translation>
    </message>
    <message>
      <source>Keys</source>
      <translation>密钥</translation>
    </message>
    <message>
      <source>This station's key:</source>
      <translation>本站公钥：</translation>
    </message>
    <message>
      <source>Copy station public key</source>
      <translation>复制本站公钥</translation>
    </message>
    <message>
      <source>Save station public key to file...</source>
      <translation>保存本站公钥到文件……</translation>
    </message>
    <message>
      <source>County center's key:</source>
      <translation>县级中心公钥：</translation>
    </message>
    <message>
      <source>Import county public key...</source>
      <translation>导入县级中心公钥……</translation>
    </message>
    <message>
      <source>The county center registers this station's public key; compare the key numbers by phone when in doubt.</source>
      <translation>县级中心需要登记本站公钥；如有疑问，可打电话与县级中心核对密钥编号。</translation>
    </message>
    <message>
      <source>Could not read the sync state.</source>
      <translation>无法读取同步状态。</translation>
    </message>
    <message>
      <source>Sync</source>
      <translation>同步</translation>
    </message>
    <message>
      <source>Unsynced changes: %1</source>
      <translation>未同步的更改：%1 条</translation>
    </message>
    <message>
      <source>Last bundle exported: none yet</source>
      <translation>上次导出：还没有导出过数据包</translation>
    </message>
    <message>
      <source>Last bundle exported: No. %1 (%2), %3</source>
      <translation>上次导出：第 %1 号数据包（%2），%3</translation>
    </message>
    <message>
      <source>Last acknowledgement: none yet</source>
      <translation>上次回执：还没有收到县级中心的回执</translation>
    </message>
    <message>
      <source>Last acknowledgement: %1</source>
      <translation>上次回执：%1</translation>
    </message>
    <message>
      <source>key number %1</source>
      <translation>密钥编号 %1</translation>
    </message>
    <message>
      <source>not imported yet</source>
      <translation>尚未导入</translation>
    </message>
    <message>
      <source>imported, key number %1</source>
      <translation>已导入，密钥编号 %1</translation>
    </message>
    <message>
      <source>The county center found entries of this station's audit log missing or changed (see Audit log):</source>
      <translation>县级中心发现本站操作日志有缺失或改动（请查看操作日志）：</translation>
    </message>
    <message>
      <source>The station's public key was copied; paste it into a file for the county center.</source>
      <translation>已复制本站公钥，请粘贴到文件中交给县级中心。</translation>
    </message>
    <message>
      <source>station-public-key.pem</source>
      <translation>本站公钥.pem</translation>
    </message>
    <message>
      <source>Save station public key</source>
      <translation>保存本站公钥</translation>
    </message>
    <message>
      <source>Key files (*.pem);;All files (*)</source>
      <translation>公钥文件 (*.pem);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Could not save the key</source>
      <translation>无法保存公钥</translation>
    </message>
    <message>
      <source>Station public key</source>
      <translation>本站公钥</translation>
    </message>
    <message>
      <source>Saved to %1.
Give this file to the county public legal service center.</source>
      <translation>已保存到 %1。
请把这个文件交给县公共法律服务中心。</translation>
    </message>
    <message>
      <source>Choose the county center's public key file</source>
      <translation>选择县级中心的公钥文件</translation>
    </message>
    <message>
      <source>Key files (*.pem *.txt *.key);;All files (*)</source>
      <translation>公钥文件 (*.pem *.txt *.key);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Could not import the key</source>
      <translation>无法导入公钥</translation>
    </message>
    <message>
      <source>County center's public key</source>
      <translation>县级中心公钥</translation>
    </message>
    <message>
      <source>The county center's public key was imported (key number %1). You can export bundles now.</source>
      <translation>县级中心公钥已导入（密钥编号 %1）。现在可以导出数据包了。</translation>
    </message>
    <message>
      <source>Choose the USB stick (or a folder) to export to</source>
      <translation>选择要导出到的U盘（或文件夹）</translation>
    </message>
    <message>
      <source>Exporting the bundle...</source>
      <translation>正在导出数据包……</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出数据包</translation>
    </message>
    <message>
      <source>No new changes to send.</source>
      <translation>没有需要同步的新更改。</translation>
    </message>
    <message>
      <source>Written:
%1

Please hand the USB stick to the county public legal service center.</source>
      <translation>已写入：
%1

请将U盘交给县公共法律服务中心。</translation>
    </message>
    <message>
      <source>Bundle exported: %1</source>
      <translation>数据包已导出：%1</translation>
    </message>
    <message>
      <source>Could not export</source>
      <translation>导出失败</translation>
    </message>
    <message>
      <source>Choose the county center's acknowledgement file</source>
      <translation>选择县级中心的回执文件</translation>
    </message>
    <message>
      <source>Acknowledgement files (*.wsa);;All files (*)</source>
      <translation>回执文件 (*.wsa);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Could not import the acknowledgement</source>
      <translation>无法导入回执</translation>
    </message>
    <message>
      <source>Acknowledgement of bundle No. %1 imported.</source>
      <translation>已导入第 %1 号数据包的回执。</translation>
    </message>
    <message>
      <source>It is from before this station's new chain began: only its decisions were applied.</source>
      <translation>该确认文件属于本站开始新一轮同步之前：只应用了其中的决定。</translation>
    </message>
    <message>
      <source>Bundles newly confirmed: %1</source>
      <translation>本次确认的数据包：%1 个</translation>
    </message>
    <message>
      <source>County decisions on legal aid applications applied: %1</source>
      <translation>已更新县级中心对法律援助申请的决定：%1 件</translation>
    </message>
    <message>
      <source>The decisions now show on those applications.</source>
      <translation>这些决定已显示在相应的申请中。</translation>
    </message>
    <message>
      <source>Records the county center holds differently: %1 (see "Conflicts with the county center" on this page)</source>
      <translation>与县级中心不同的记录：%1 条（见本页“与县级中心的冲突”）</translation>
    </message>
    <message>
      <source>Not applied:</source>
      <translation>未能更新：</translation>
    </message>
    <message>
      <source>The county center found entries of this station's audit log missing or changed (recorded in the audit log):</source>
      <translation>县级中心发现本站操作日志有缺失或改动（已记入操作日志）：</translation>
    </message>
    <message>
      <source>Acknowledgement</source>
      <translation>回执</translation>
    </message>
  </context>
  <context>
    <name>ToldDialog</name>
    <message>
      <source>Applicant told of the decision</source>
      <translation>告知申请人决定</translation>
    </message>
    <message>
      <source>The day the applicant was told of the legal aid center's decision.</source>
      <translation>登记把法律援助中心的决定告知申请人的日期。</translation>
    </message>
    <message>
      <source>* Told on</source>
      <translation>* 告知日期</translation>
    </message>
  </context>
  <context>
    <name>UploadSettingsBox</name>
    <message>
      <source>Online upload</source>
      <extracomment>QSettings key: the folder the county's certificate file was last read from.</extracomment>
      <translation>在线上传</translation>
    </message>
    <message>
      <source>Upload automatically to the county center</source>
      <translation>自动上传到县级中心</translation>
    </message>
    <message>
      <source>County center address:</source>
      <translation>县级中心地址：</translation>
    </message>
    <message>
      <source>The address the county center gives you</source>
      <translation>县级中心提供的网址</translation>
    </message>
    <message>
      <source>Certificate fingerprint:</source>
      <translation>证书指纹：</translation>
    </message>
    <message>
      <source>From certificate file...</source>
      <translation>从证书文件读取……</translation>
    </message>
    <message>
      <source>Save settings</source>
      <translation>保存设置</translation>
    </message>
    <message>
      <source>Test connection</source>
      <translation>测试连接</translation>
    </message>
    <message>
      <source>Upload now</source>
      <translation>立即上传</translation>
    </message>
    <message>
      <source>SHA-256; only for secure addresses</source>
      <translation>SHA-256 指纹，仅用于安全连接（加密）的地址</translation>
    </message>
    <message>
      <source>The county center gives you its address and its certificate fingerprint. Without a network the station keeps trying (1 minute, then longer, up to every hour); USB export still works at any time.</source>
      <translation>地址和证书指纹由县级中心提供。断网时本站会自动重试（先隔1分钟，之后逐渐延长，最长每小时一次）；U盘导出随时可用。</translation>
    </message>
    <message>
      <source>Choose the county center's certificate</source>
      <translation>选择县级中心的证书文件</translation>
    </message>
    <message>
      <source>Certificates (*.crt *.pem *.cer);;All files (*)</source>
      <translation>证书文件 (*.crt *.pem *.cer);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Fingerprint read from the certificate; save the settings to use it.</source>
      <translation>已从证书读出指纹；请点“保存设置”后生效。</translation>
    </message>
    <message>
      <source>Settings saved. Automatic upload is on.</source>
      <translation>设置已保存，自动上传已开启。</translation>
    </message>
    <message>
      <source>Settings saved. Automatic upload is off.</source>
      <translation>设置已保存，自动上传未开启。</translation>
    </message>
    <message>
      <source>Connecting to the county center...</source>
      <translation>正在连接县级中心……</translation>
    </message>
    <message>
      <source>Uploading...</source>
      <translation>正在上传……</translation>
    </message>
    <message>
      <source>This bundle will not be sent again automatically. Please call the county center; once the cause is cleared, press Upload now (a new bundle is exported) or export to a USB stick.</source>
      <translation>该数据包不会再自动上传。请联系县级中心查明原因；解决后点“立即上传”（将重新导出数据包），或用U盘导出送县级中心。</translation>
    </message>
    <message>
      <source>Next automatic try: %1</source>
      <translation>下次自动重试：%1</translation>
    </message>
    <message>
      <source>Uploaded %1 bundle(s); the county center confirmed bundles up to No. %2.</source>
      <translation>已上传 %1 个数据包；县级中心已确认第 %2 号及之前的数据包。</translation>
    </message>
    <message>
      <source>Nothing new to upload.</source>
      <translation>没有需要上传的新更改。</translation>
    </message>
    <message>
      <source>County decisions on legal aid applications applied: %1</source>
      <translation>已更新县级中心对法律援助申请的决定：%1 件</translation>
    </message>
    <message>
      <source>Not applied: %1</source>
      <translation>未应用：%1</translation>
    </message>
  </context>
  <context>
    <name>UploadStatus</name>
    <message>
      <source>Uploading...</source>
      <translation>正在上传……</translation>
    </message>
    <message>
      <source>Synced %1</source>
      <translation>已同步 %1</translation>
    </message>
    <message>
      <source>Waiting for the network, next try %1</source>
      <translation>等待网络，下次重试 %1</translation>
    </message>
    <message>
      <source>County center busy, next try %1</source>
      <translation>县级中心繁忙，下次重试 %1</translation>
    </message>
    <message>
      <source>Refused by the county: %1</source>
      <translation>县级中心拒收：%1</translation>
    </message>
    <message>
      <source>Upload failed, next try %1</source>
      <translation>上传失败，下次重试 %1</translation>
    </message>
    <message>
      <source>Automatic upload on</source>
      <translation>自动上传已开启</translation>
    </message>
    <message>
      <source>%1 · %2 record(s) to check</source>
      <translation>%1 · %2 条记录待核对</translation>
    </message>
  </context>
  <context>
    <name>ValidatedForm</name>
    <message>
      <source>Unsaved form</source>
      <extracomment>Emitted with the saved record's id after a successful save. The user pressed Esc or Cancel. Whether the current input is valid (Save enabled). Drafts of this form are stored under this key (``kind:new`` or ``kind:&lt;id&gt;``). Record type told to ``records_changed`` after saving.</extracomment>
      <translation>未保存的表单</translation>
    </message>
    <message>
      <source>Could not save</source>
      <translation>保存失败</translation>
    </message>
    <message>
      <source>Fill in the fields marked * first. Ctrl+S shows what is missing.</source>
      <translation>请先填好标有 * 的必填项。按 Ctrl+S 可显示哪里还没填好。</translation>
    </message>
  </context>
  <context>
    <name>VoidButton</name>
    <message>
      <source>Void...</source>
      <extracomment>The record was voided (after the dialog closed). "number name" of the record, said in the dialog's title.</extracomment>
      <translation>作废……</translation>
    </message>
    <message>
      <source>Void this record with a reason (station admins only)</source>
      <translation>填写原因后作废此记录（仅限站点管理员）</translation>
    </message>
    <message>
      <source>Voided; the record is kept and marked.</source>
      <translation>已作废，记录仍保留并标注“已作废”。</translation>
    </message>
  </context>
  <context>
    <name>VoidDialog</name>
    <message>
      <source>Void %1</source>
      <extracomment>The record was voided.</extracomment>
      <translation>作废%1</translation>
    </message>
    <message>
      <source>A voided record is kept, marked as voided, and left out of lists, counts, deadlines and statistics. Nothing more can be done with it and nothing can be printed from it. Voiding cannot be undone and is recorded in the audit log.</source>
      <translation>作废的记录仍予保留并标注“已作废”，不再计入列表、统计、期限提醒和报表；作废后不能再办理，也不能打印任何文书。作废不可撤销，并记入操作日志。</translation>
    </message>
    <message>
      <source>* Reason for voiding</source>
      <translation>* 作废原因</translation>
    </message>
    <message>
      <source>e.g. registered twice by mistake; see number ...</source>
      <translation>例如：重复登记，见编号……</translation>
    </message>
    <message>
      <source>Void</source>
      <translation>作废</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>WorkOrderForm</name>
    <message>
      <source>As the 12348 platform gives it</source>
      <extracomment>Days the platform usually allows (the due day proposed for a new order). The handling or the reply changed (the page reloads the order).</extracomment>
      <translation>按12348平台的工单编号填写</translation>
    </message>
    <message>
      <source>Order number</source>
      <translation>工单编号</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>工单来源</translation>
    </message>
    <message>
      <source>Received on</source>
      <translation>接收日期</translation>
    </message>
    <message>
      <source>Reply due by</source>
      <translation>办理期限</translation>
    </message>
    <message>
      <source>Caller</source>
      <translation>诉求人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Request</source>
      <translation>诉求内容</translation>
    </message>
    <message>
      <source>Save (Ctrl+S)</source>
      <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
      <source>New order</source>
      <translation>登记工单</translation>
    </message>
    <message>
      <source>Number of the record</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Link</source>
      <translation>关联</translation>
    </message>
    <message>
      <source>New consultation for this order</source>
      <translation>为该工单登记咨询</translation>
    </message>
    <message>
      <source>Opens the consultation form with the order's source and request filled in; the saved consultation is linked to this order</source>
      <translation>打开咨询登记表，已填好工单来源和诉求内容；保存后的咨询自动关联到该工单</translation>
    </message>
    <message>
      <source>New mediation case</source>
      <translation>登记调解案件</translation>
    </message>
    <message>
      <source>New aid application</source>
      <translation>登记援助申请</translation>
    </message>
    <message>
      <source>Reply to the 12348 platform</source>
      <translation>回复12348平台</translation>
    </message>
    <message>
      <source>Replied on</source>
      <translation>回复日期</translation>
    </message>
    <message>
      <source>How</source>
      <translation>回复方式</translation>
    </message>
    <message>
      <source>Reply</source>
      <translation>回复内容</translation>
    </message>
    <message>
      <source>Record reply</source>
      <translation>登记回复</translation>
    </message>
    <message>
      <source>New 12348 work order</source>
      <translation>登记12348工单</translation>
    </message>
    <message>
      <source>12348 work order %1</source>
      <translation>12348工单 %1</translation>
    </message>
    <message>
      <source>Received by %1</source>
      <translation>接收人：%1</translation>
    </message>
    <message>
      <source>Handled as: %1</source>
      <translation>办理情况：%1</translation>
    </message>
    <message>
      <source>No handling linked yet</source>
      <translation>尚未关联办理记录</translation>
    </message>
    <message>
      <source>Correct reply</source>
      <translation>更正回复</translation>
    </message>
    <message>
      <source>Type the number of the record to link.</source>
      <translation>请输入要关联的办理记录编号。</translation>
    </message>
    <message>
      <source>Could not link</source>
      <translation>无法关联</translation>
    </message>
    <message>
      <source>Could not save</source>
      <translation>保存失败</translation>
    </message>
    <message>
      <source>Could not open the order</source>
      <extracomment>``open_record`` id asking a page for a new record handling a 12348 order.</extracomment>
      <translation>无法打开该工单</translation>
    </message>
  </context>
  <context>
    <name>WorkOrdersPage</name>
    <message>
      <source>New order</source>
      <translation>登记工单</translation>
    </message>
    <message>
      <source>All orders</source>
      <translation>全部工单</translation>
    </message>
    <message>
      <source>Could not open</source>
      <translation>无法打开</translation>
    </message>
    <message>
      <source>Unsaved changes</source>
      <translation>尚未保存</translation>
    </message>
    <message>
      <source>Discard what was entered for this order?</source>
      <translation>放弃为该工单输入的内容吗？</translation>
    </message>
    <message>
      <source>12348 work order saved.</source>
      <translation>12348工单已保存。</translation>
    </message>
  </context>
  <context>
    <name>WorkloadPanel</name>
    <message>
      <source>Work by operator</source>
      <extracomment>Height of one operator's group of bars in the chart.</extracomment>
      <translation>各工作人员工作量</translation>
    </message>
    <message>
      <source>Note: %1</source>
      <translation>注：%1</translation>
    </message>
    <message>
      <source>Only your own figures are shown; the station admin sees everyone's.</source>
      <translation>这里只显示您本人的数字；站点管理员可以查看全部工作人员的数字。</translation>
    </message>
    <message>
      <source>Every operator's figures; each operator sees only their own.</source>
      <translation>全部工作人员的数字；工作人员登录后只能看到本人的数字。</translation>
    </message>
  </context>
  <context>
    <name>_CommitteePage</name>
    <message>
      <source>Mediation committee</source>
      <translation>人民调解委员会</translation>
    </message>
    <message>
      <source>Mediation documents are issued in the name of the people's mediation committee and carry its seal. Enter its name exactly as on the seal; more committees (e.g. village committees) can be added later under Settings.</source>
      <translation>调解文书以人民调解委员会的名义出具并加盖其印章。请按印章上的文字填写名称；村调解委员会等可以以后在“设置”中添加。</translation>
    </message>
    <message>
      <source>Committee name (as on its seal)</source>
      <translation>调解委员会名称（与印章一致）</translation>
    </message>
    <message>
      <source>Committee type</source>
      <translation>调解委员会类型</translation>
    </message>
  </context>
  <context>
    <name>_Cover</name>
    <message>
      <source>Locked</source>
      <extracomment>Input that counts as "someone is using the PC". Wrong passwords in a row before the session is ended (the login takes over).</extracomment>
      <translation>已锁定</translation>
    </message>
  </context>
  <context>
    <name>_RecoveryPage</name>
    <message>
      <source>Recovery code</source>
      <translation>恢复码</translation>
    </message>
  </context>
  <context>
    <name>window</name>
    <message>
      <source>Unsaved forms found</source>
      <translation>发现未保存的表单</translation>
    </message>
    <message>
      <source>These forms were being filled in when the program last closed unexpectedly:</source>
      <translation>上次程序意外关闭时，以下表单尚未保存：</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Discard</source>
      <translation>放弃</translation>
    </message>
    <message>
      <source>Later</source>
      <translation>稍后</translation>
    </message>
  </context>
</TS>